package io.nsgflow.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes dead letters to a Kafka topic as JSON (see {@link DeadLetterJson}), keyed by stage and
 * reason so that one kind of failure lands in one partition. Use with
 * {@code KafkaSink.<DeadLetter>builder().setRecordSerializer(new DeadLetterKafkaSerializer(topic))}.
 */
public class DeadLetterKafkaSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public DeadLetterKafkaSerializer(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("dead-letter topic must not be blank");
        }
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] key = (d.getStage() + "/" + d.getReason()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, d.getTime(), key, DeadLetterJson.toJsonBytes(d));
    }
}
