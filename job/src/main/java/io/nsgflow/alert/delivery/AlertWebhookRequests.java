package io.nsgflow.alert.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.alert.AlertDelivery;
import io.nsgflow.alert.AlertDocument;
import io.nsgflow.sink.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns an alert delivery into one webhook request per configured URL, each in that URL's format. */
public final class AlertWebhookRequests {

    public static final String CONTENT_TYPE = "application/json";

    private AlertWebhookRequests() {}

    /** @param formats the format of each URL, by position (see {@link AlertOptions#formats}) */
    public static List<WebhookRequest> of(AlertDelivery d, List<WebhookFormat> formats) {
        List<WebhookRequest> requests = new ArrayList<>(formats.size());
        for (int target = 0; target < formats.size(); target++) {
            requests.add(new WebhookRequest(target, body(d, formats.get(target)), CONTENT_TYPE, d.idempotencyKey(),
                    d.alert.getId()));
        }
        return requests;
    }

    public static ObjectNode payload(AlertDelivery d, WebhookFormat format) {
        return switch (format) {
            case JSON -> AlertDocument.of(d.alert);
            case SLACK -> SlackMessage.of(d);
            case TEAMS -> TeamsMessage.of(d);
        };
    }

    static byte[] body(AlertDelivery d, WebhookFormat format) {
        return payload(d, format).toString().getBytes(StandardCharsets.UTF_8);
    }
}
