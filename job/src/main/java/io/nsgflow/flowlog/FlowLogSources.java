package io.nsgflow.flowlog;

import java.util.Arrays;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The sources of raw flow-log payloads: Kafka for {@code stream}, files and folders for {@code replay}. */
public final class FlowLogSources {

    private FlowLogSources() {}

    /** A KafkaSource of raw record values with topic/partition/offset, configured by {@link FlowLogOptions}. */
    public static KafkaSource<RawPayload> kafka(Configuration conf) {
        FlowLogOptions.validate(conf);
        String servers = conf.get(FlowLogOptions.KAFKA_BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException(FlowLogOptions.KAFKA_BOOTSTRAP_SERVERS.key() + " is required");
        }
        return KafkaSource.<RawPayload>builder()
                .setBootstrapServers(servers)
                .setTopics(conf.get(FlowLogOptions.KAFKA_TOPIC))
                .setGroupId(conf.get(FlowLogOptions.KAFKA_GROUP_ID))
                .setStartingOffsets(startingOffsets(conf.get(FlowLogOptions.KAFKA_STARTING_OFFSETS)))
                .setDeserializer(new RawPayloadKafkaDeserializer())
                .build();
    }

    static OffsetsInitializer startingOffsets(String value) {
        return switch (value) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

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
