package io.nsgflow.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.sink.webhook.WebhookOutcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookDeadLettersTest {

    @Test
    void aFailedDeliveryKeepsReasonStatusEndpointAndPayloadCut() {
        WebhookOutcome o = new WebhookOutcome();
        o.target = 1;
        o.endpoint = "https://hooks.slack.com:443";
        o.idempotencyKey = "abc:1";
        o.subjectId = "abc";
        o.status = 400;
        o.attempts = 1;
        o.reason = "HTTP_STATUS";
        o.message = "refused with HTTP 400: invalid_payload (not retried)";
        o.body = "{\"text\":\"0123456789\"}".getBytes(StandardCharsets.UTF_8);
        o.time = 1_795_000_000_000L;

        DeadLetter d = WebhookDeadLetters.of(o, 8);

        assertThat(d.getStage()).isEqualTo("webhook");
        assertThat(d.getReason()).isEqualTo("HTTP_STATUS");
        assertThat(d.getMessage()).isEqualTo(o.message);
        assertThat(d.getOrigin().getKind()).isEqualTo("webhook");
        assertThat(d.getOrigin().getPath()).isEqualTo("https://hooks.slack.com:443");
        assertThat(d.getOrigin().getDetail()).contains("url 2 of webhook.url").contains("alert abc")
                .contains("idempotency key abc:1").contains("HTTP status 400").contains("attempts 1");
        assertThat(StandardCharsets.UTF_8.decode(d.getPayload()).toString()).isEqualTo("{\"text\":");
        assertThat(d.getPayloadSize()).isEqualTo(o.body.length);
        assertThat(d.getTime()).isEqualTo(o.time);
    }
}
