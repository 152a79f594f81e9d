package io.nsgflow.ingest;

import io.nsgflow.deadletter.DeadLetterOrigin;
import io.nsgflow.deadletter.DeadLetters;
import java.util.Arrays;
import java.util.Objects;

/**
 * One undecoded flow-log payload (a Kafka record value or a whole file) and where it came from.
 * A Flink POJO (public fields, no-arg constructor), so it is serialized without Kryo. Kafka
 * payloads have topic/partition/offset; file payloads have file.
 */
public class RawPayload {

    public byte[] bytes;
    public String topic;
    public Integer partition;
    public Long offset;
    public String file;

    public RawPayload() {}

    public static RawPayload fromKafka(byte[] bytes, String topic, int partition, long offset) {
        RawPayload p = new RawPayload();
        p.bytes = bytes;
        p.topic = topic;
        p.partition = partition;
        p.offset = offset;
        return p;
    }

    public static RawPayload fromFile(byte[] bytes, String file) {
        RawPayload p = new RawPayload();
        p.bytes = bytes;
        p.file = file;
        return p;
    }

    /** Where it came from, for dead letters; {@code position} is a byte position inside a file payload. */
    public DeadLetterOrigin origin(long position) {
        if (topic != null) {
            return DeadLetters.kafka(topic, partition == null ? -1 : partition, offset == null ? -1 : offset);
        }
        return DeadLetters.file(file, position);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPayload p && Arrays.equals(bytes, p.bytes) && Objects.equals(topic, p.topic)
                && Objects.equals(partition, p.partition) && Objects.equals(offset, p.offset)
                && Objects.equals(file, p.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), topic, partition, offset, file);
    }

    @Override
    public String toString() {
        return topic != null ? "kafka " + topic + "/" + partition + "@" + offset : "file " + file;
    }
}
