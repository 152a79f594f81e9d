package io.nsgflow.sink.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One HTTP POST to make: to which configured URL, with which body, under which idempotency key.
 * Made by the domain (the webhook connector does not know what an alert looks like); a Flink POJO,
 * so deliveries in flight are checkpointed without Kryo.
 */
public class WebhookRequest {

    /** Position of the URL in {@code webhook.url}. */
    public int target;
    /** The payload, exactly as sent and signed. */
    public byte[] body;
    public String contentType;
    /** Stable across retries and restarts: receivers de-duplicate on it. */
    public String idempotencyKey;
    /** What the payload is about, for dead letters and logs. */
    public String subjectId;

    public WebhookRequest() {}

    public WebhookRequest(int target, byte[] body, String contentType, String idempotencyKey, String subjectId) {
        this.target = target;
        this.body = body;
        this.contentType = contentType;
        this.idempotencyKey = idempotencyKey;
        this.subjectId = subjectId;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookRequest r && target == r.target && Arrays.equals(body, r.body)
                && Objects.equals(contentType, r.contentType) && Objects.equals(idempotencyKey, r.idempotencyKey)
                && Objects.equals(subjectId, r.subjectId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, idempotencyKey);
    }

    @Override
    public String toString() {
        return "WebhookRequest{target=" + target + ", key=" + idempotencyKey + ", " + body.length + " bytes}";
    }
}
