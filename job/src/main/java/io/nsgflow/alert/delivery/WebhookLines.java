package io.nsgflow.alert.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.alert.AlertDelivery;
import java.time.Instant;

/** One line of replay's webhooks.jsonl: where and what {@code stream} would have POSTed. */
final class WebhookLines {

    private WebhookLines() {}

    /** @param endpoint scheme://host:port of the URL, or null when no URL is configured */
    static String of(AlertDelivery d, int target, String endpoint, WebhookFormat format) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("@timestamp", Instant.ofEpochMilli(d.alert.getLastSeen()).toString());
        if (endpoint != null) {
            line.put("url", target + 1);
            line.put("endpoint", endpoint);
        }
        line.put("format", format.optionValue());
        line.put("idempotencyKey", d.idempotencyKey());
        line.put("alertId", d.alert.getId());
        line.put("delivery", d.number);
        line.put("summary", d.summary);
        line.set("payload", AlertWebhookRequests.payload(d, format));
        return line.toString();
    }
}
