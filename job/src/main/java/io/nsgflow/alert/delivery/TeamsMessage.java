package io.nsgflow.alert.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.alert.AlertDelivery;
import io.nsgflow.alert.Severity;
import java.util.Map;

/**
 * A Microsoft Teams message for a Power Automate workflow ("When a Teams webhook request is
 * received", or an incoming webhook): one attachment of content type
 * {@code application/vnd.microsoft.card.adaptive} holding an Adaptive Card, schema version 1.4,
 * with TextBlocks and FactSets only.
 */
final class TeamsMessage {

    static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

    private TeamsMessage() {}

    static ObjectNode of(AlertDelivery d) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode message = json.objectNode().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", CARD_SCHEMA);
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", AlertFacts.title(d)).put("size", "Large")
                .put("weight", "Bolder").put("color", color(d.alert.getSeverity())).put("wrap", true);
        body.addObject().put("type", "TextBlock").put("text", d.alert.getSummary()).put("wrap", true);
        facts(body, AlertFacts.facts(d));
        Map<String, String> evidence = AlertFacts.evidence(d.alert);
        if (!evidence.isEmpty()) {
            body.addObject().put("type", "TextBlock").put("text", "Evidence").put("weight", "Bolder")
                    .put("separator", true).put("wrap", true);
            facts(body, evidence);
        }
        body.addObject().put("type", "TextBlock").put("text", AlertFacts.footer(d)).put("size", "Small")
                .put("isSubtle", true).put("wrap", true);
        card.putObject("msteams").put("width", "Full");
        return message;
    }

    private static void facts(ArrayNode body, Map<String, String> facts) {
        ArrayNode list = body.addObject().put("type", "FactSet").putArray("facts");
        for (Map.Entry<String, String> f : facts.entrySet()) {
            list.addObject().put("title", f.getKey()).put("value", f.getValue());
        }
    }

    /** A TextBlock colour of the schema (Default, Dark, Light, Accent, Good, Warning, Attention). */
    private static String color(Severity s) {
        return switch (s) {
            case LOW -> "Default";
            case MEDIUM -> "Warning";
            case HIGH, CRITICAL -> "Attention";
        };
    }
}
