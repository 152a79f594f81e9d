package io.nsgflow.sink.webhook;

/**
 * How a {@link WebhookRequest} ended: delivered (a 2xx), or failed for good (a permanent refusal,
 * retries exhausted, TLS trust). Failed outcomes carry the payload, so the caller can dead-letter
 * them; the URL appears only as scheme, host and port.
 */
public class WebhookOutcome {

    public int target;
    /** scheme://host:port of the URL: Slack and Teams carry their token in the path. */
    public String endpoint;
    public String idempotencyKey;
    public String subjectId;
    public boolean delivered;
    /** Last HTTP status, 0 when no response came. */
    public int status;
    public int attempts;
    /** DELIVERED, or why it failed: HTTP_STATUS, RETRIES_EXHAUSTED, TLS_TRUST. */
    public String reason;
    public String message;
    /** The payload of a failed delivery; null when delivered. */
    public byte[] body;
    public String contentType;
    /** Epoch ms when the outcome was decided. */
    public long time;

    public WebhookOutcome() {}

    static WebhookOutcome delivered(WebhookRequest r, String endpoint, int status, int attempts, long time) {
        WebhookOutcome o = of(r, endpoint, status, attempts, time);
        o.delivered = true;
        o.reason = "DELIVERED";
        o.message = "HTTP " + status;
        return o;
    }

    static WebhookOutcome failed(WebhookRequest r, String endpoint, int status, int attempts, String reason,
            String message, long time) {
        WebhookOutcome o = of(r, endpoint, status, attempts, time);
        o.reason = reason;
        o.message = message;
        o.body = r.body;
        o.contentType = r.contentType;
        return o;
    }

    private static WebhookOutcome of(WebhookRequest r, String endpoint, int status, int attempts, long time) {
        WebhookOutcome o = new WebhookOutcome();
        o.target = r.target;
        o.endpoint = endpoint;
        o.idempotencyKey = r.idempotencyKey;
        o.subjectId = r.subjectId;
        o.status = status;
        o.attempts = attempts;
        o.time = time;
        return o;
    }

    @Override
    public String toString() {
        return "WebhookOutcome{" + endpoint + ", key=" + idempotencyKey + ", " + reason + ", status=" + status
                + ", attempts=" + attempts + "}";
    }
}
