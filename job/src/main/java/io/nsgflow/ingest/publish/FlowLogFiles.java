package io.nsgflow.ingest.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The flow-log files under the {@code --flows} paths, in the order they are published. */
public final class FlowLogFiles {

    private FlowLogFiles() {}

    /**
     * Each path in the order given; a folder's files (recursively) sorted by path, so a NIC's
     * hourly blobs ({@code .../y=2026/m=11/d=20/h=10/m=00/macAddress=.../PT1H.json}) come in time
     * order. Names starting with '.' or '_' (in the file or a folder below the path) are skipped,
     * as replay's file source skips them.
     *
     * @throws IllegalArgumentException naming a path that does not exist
     */
    public static List<Path> list(List<String> paths) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            Path root = Path.of(p);
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("--flows " + p + ": no such file or folder");
            }
            if (Files.isRegularFile(root)) {
                out.add(root);
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(f -> !hidden(root, f)).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + p, e);
            }
        }
        return out;
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
