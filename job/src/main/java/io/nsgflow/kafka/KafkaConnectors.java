package io.nsgflow.kafka;

import io.nsgflow.ingest.RawPayloadKafkaDeserializer;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetterKafkaSerializer;
import io.nsgflow.ingest.RawPayload;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka sources and sinks of {@code stream}, configured by {@link KafkaOptions}. */
public final class KafkaConnectors {

    private KafkaConnectors() {}

    /**
     * Raw record values of a topic, with topic/partition/offset for dead letters, from the offsets
     * {@code kafka.starting-offsets} says when the job starts without state.
     */
    public static KafkaSource<RawPayload> rawPayloads(Configuration conf, String topic) {
        return rawPayloads(conf, topic, startingOffsets(conf.get(KafkaOptions.STARTING_OFFSETS)));
    }

    /** As {@link #rawPayloads(Configuration, String)}, from the given offsets when the job starts without state. */
    public static KafkaSource<RawPayload> rawPayloads(Configuration conf, String topic, OffsetsInitializer start) {
        KafkaOptions.validate(conf);
        return KafkaSource.<RawPayload>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(topic)
                .setGroupId(conf.get(KafkaOptions.GROUP_ID))
                .setStartingOffsets(start)
                .setDeserializer(new RawPayloadKafkaDeserializer())
                .setProperties(sourceProperties(conf, System.getenv()))
                .build();
    }

    /**
     * The consumer's client properties: committed records only unless {@code kafka.properties} says
     * otherwise, so records of a producer's aborted transaction (ingest-blobs killed mid-transaction)
     * are never read; with non-transactional producers this reads exactly what Kafka's default does.
     */
    static Properties sourceProperties(Configuration conf, Map<String, String> env) {
        Properties p = KafkaOptions.clientProperties(conf, env);
        p.putIfAbsent("isolation.level", "read_committed");
        return p;
    }

    /** Dead letters as JSON on the dead-letter topic. */
    public static KafkaSink<DeadLetter> deadLetters(Configuration conf) {
        KafkaOptions.validate(conf);
        String topic = conf.get(KafkaOptions.DEADLETTER_TOPIC);
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(KafkaOptions.clientProperties(conf, System.getenv()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new DeadLetterKafkaSerializer(topic))
                .build();
    }

    static OffsetsInitializer startingOffsets(String value) {
        return switch (value) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
