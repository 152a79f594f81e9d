package io.nsgflow.deadletter;

import java.io.Serializable;

/**
 * Makes the dead letters of one stage that rejects raw input (the flow-log and the policy
 * decoders): the stage's name, the payload cut to {@code maxPayloadBytes} and the excerpt to
 * {@code maxExcerptChars}, the payload's whole size and the time of rejection.
 */
public final class DeadLetterFactory implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String stage;
    private final int maxPayloadBytes;
    private final int maxExcerptChars;

    public DeadLetterFactory(String stage, int maxPayloadBytes, int maxExcerptChars) {
        this.stage = stage;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxExcerptChars = maxExcerptChars;
    }

    /**
     * @param location where inside the payload (null when it is the whole payload)
     * @param excerpt  the offending fragment, or null
     * @param payload  the raw payload (null counts as empty)
     * @param time     epoch ms of the rejection
     */
    public DeadLetter of(String reason, String message, DeadLetterOrigin origin, String location, String excerpt,
            byte[] payload, long time) {
        byte[] bytes = payload == null ? new byte[0] : payload;
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(reason)
                .setMessage(message)
                .setOrigin(origin)
                .setLocation(location)
                .setExcerpt(DeadLetters.cut(excerpt, maxExcerptChars))
                .setPayload(DeadLetters.cut(bytes, maxPayloadBytes))
                .setPayloadSize(bytes.length)
                .setTime(time)
                .build();
    }
}
