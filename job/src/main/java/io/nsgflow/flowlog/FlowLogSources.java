package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import java.util.Arrays;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** Flow-log files and folders as raw payloads, for {@code replay} (Kafka: {@link io.nsgflow.kafka.KafkaConnectors}). */
public final class FlowLogSources {

    private FlowLogSources() {}

    /**
     * A bounded FileSource over files and folders (folders are read recursively); each file is one
     * payload, see {@link WholeFileFormat}.
     */
    public static FileSource<RawPayload> files(String... paths) {
        if (paths.length == 0) {
            throw new IllegalArgumentException("no flow-log files or folders given");
        }
        Path[] flinkPaths = Arrays.stream(paths).map(Path::new).toArray(Path[]::new);
        return FileSource.forBulkFileFormat(new WholeFileFormat(), flinkPaths).build();
    }
}
