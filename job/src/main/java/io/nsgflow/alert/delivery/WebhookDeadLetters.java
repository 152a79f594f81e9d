package io.nsgflow.alert.delivery;

import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetterOrigin;
import io.nsgflow.deadletter.DeadLetters;
import io.nsgflow.sink.webhook.WebhookOutcome;

/** A failed webhook delivery as a dead letter: reason, status, the URL's scheme/host/port and the payload. */
public final class WebhookDeadLetters {

    public static final String STAGE = "webhook";

    private WebhookDeadLetters() {}

    public static DeadLetter of(WebhookOutcome o, int maxPayloadBytes) {
        DeadLetterOrigin origin = DeadLetterOrigin.newBuilder()
                .setKind("webhook")
                .setPath(o.endpoint)
                .setDetail("url " + (o.target + 1) + " of webhook.url, alert " + o.subjectId + ", idempotency key "
                        + o.idempotencyKey + ", HTTP status " + (o.status == 0 ? "none" : o.status) + ", attempts "
                        + o.attempts)
                .build();
        return DeadLetter.newBuilder()
                .setStage(STAGE)
                .setReason(o.reason)
                .setMessage(o.message)
                .setOrigin(origin)
                .setPayload(DeadLetters.cut(o.body, maxPayloadBytes))
                .setPayloadSize(o.body == null ? 0 : o.body.length)
                .setTime(o.time)
                .build();
    }
}
