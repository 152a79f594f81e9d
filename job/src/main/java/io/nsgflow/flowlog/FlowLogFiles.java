package io.nsgflow.flowlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.connector.file.src.enumerate.DefaultFileFilter;

/**
 * The flow-log files under {@code --flows} paths: the files replay's file source reads
 * ({@link FlowLogSources}), which {@code publish} publishes too.
 */
public final class FlowLogFiles {

    private FlowLogFiles() {}

    /**
     * Each path in the order given; a folder's files (recursively) sorted by path, so a NIC's hourly
     * blobs ({@code .../y=2026/m=11/d=20/h=10/m=00/macAddress=.../PT1H.json}) come in time order.
     * What the file source skips is skipped: a file whose name, or the name of a folder between it
     * and the path, starts with '.' or '_' (Flink's {@link DefaultFileFilter}).
     *
     * @throws IllegalArgumentException naming a path that does not exist
     */
    public static List<Path> list(List<String> paths) {
        DefaultFileFilter filter = new DefaultFileFilter();
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            Path root = Path.of(p).toAbsolutePath();
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("option --flows " + p + ": no such file or folder");
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(f -> taken(filter, root, f)).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + p, e);
            }
        }
        return out;
    }

    /**
     * The source skips a file when the filter refuses it or any folder between it and the root. The
     * filter sees each path as the source lists it: without a trailing slash (a folder's
     * {@code toUri()} has one, whose empty last name the filter would always take).
     */
    private static boolean taken(DefaultFileFilter filter, Path root, Path file) {
        for (Path f = file; ; f = f.getParent()) {
            if (!filter.test(new org.apache.flink.core.fs.Path(f.toString()))) {
                return false;
            }
            if (f.equals(root)) {
                return true;
            }
        }
    }
}
