package io.nsgflow.deadletter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Building blocks for {@link DeadLetter}s, shared by every stage that rejects input. */
public final class DeadLetters {

    private DeadLetters() {}

    /** Origin of a Kafka record. */
    public static DeadLetterOrigin kafka(String topic, int partition, long offset) {
        return DeadLetterOrigin.newBuilder().setKind("kafka").setTopic(topic).setPartition(partition)
                .setOffset(offset).build();
    }

    /** Origin of a file (path or URI), with the byte position inside it when known. */
    public static DeadLetterOrigin file(String path, Long position) {
        return DeadLetterOrigin.newBuilder().setKind("file").setPath(path).setPosition(position).build();
    }

    /** The first {@code maxBytes} bytes of {@code payload} (all of it if shorter); null for null. */
    public static ByteBuffer cut(byte[] payload, int maxBytes) {
        if (payload == null) {
            return null;
        }
        return ByteBuffer.wrap(payload.length <= maxBytes ? payload : Arrays.copyOf(payload, maxBytes));
    }

    /** {@code text} cut to {@code maxChars} characters; null for null. */
    public static String cut(String text, int maxChars) {
        return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars);
    }
}
