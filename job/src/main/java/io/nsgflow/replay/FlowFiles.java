package io.nsgflow.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.connector.file.src.enumerate.DefaultFileFilter;

/** How many files the flow-log source of a replay reads: the same files its enumerator takes. */
public final class FlowFiles {

    private FlowFiles() {}

    /** Files under the paths (folders recursively), skipping what the file source skips (names starting with '.' or '_'). */
    public static long count(List<String> paths) {
        DefaultFileFilter filter = new DefaultFileFilter();
        long n = 0;
        for (String p : paths) {
            Path root = Path.of(p).toAbsolutePath();
            try (Stream<Path> walk = Files.walk(root)) {
                n += walk.filter(Files::isRegularFile).filter(f -> taken(filter, root, f)).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    /** The source skips a file when the filter refuses it or any folder between it and the root. */
    private static boolean taken(DefaultFileFilter filter, Path root, Path file) {
        for (Path f = file; ; f = f.getParent()) {
            if (!filter.test(new org.apache.flink.core.fs.Path(f.toUri()))) {
                return false;
            }
            if (f.equals(root)) {
                return true;
            }
        }
    }
}
