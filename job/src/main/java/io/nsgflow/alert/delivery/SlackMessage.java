package io.nsgflow.alert.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.alert.AlertDelivery;
import java.util.Map;

/**
 * A Slack incoming-webhook message: {@code text} (the notification and fallback) and
 * {@code blocks} (header, summary, fields, evidence, context), within Slack's documented limits
 * (header 150 characters, section text 3000, at most 10 fields of 2000 each).
 */
final class SlackMessage {

    static final int HEADER_MAX = 150;
    static final int SECTION_TEXT_MAX = 3000;
    static final int FIELD_TEXT_MAX = 2000;
    static final int FIELDS_MAX = 10;

    private SlackMessage() {}

    static ObjectNode of(AlertDelivery d) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode message = json.objectNode();
        message.put("text", AlertFacts.cut(AlertFacts.title(d) + " on " + d.alert.getEntity() + ": "
                + d.alert.getSummary(), SECTION_TEXT_MAX));
        ArrayNode blocks = message.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", AlertFacts.cut(AlertFacts.title(d), HEADER_MAX));

        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", AlertFacts.cut(escape(d.alert.getSummary()), SECTION_TEXT_MAX));

        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        for (Map.Entry<String, String> f : AlertFacts.facts(d).entrySet()) {
            if (fields.size() == FIELDS_MAX) {
                break;
            }
            fields.addObject().put("type", "mrkdwn")
                    .put("text", AlertFacts.cut("*" + escape(f.getKey()) + "*\n" + escape(f.getValue()), FIELD_TEXT_MAX));
        }

        Map<String, String> evidence = AlertFacts.evidence(d.alert);
        if (!evidence.isEmpty()) {
            StringBuilder text = new StringBuilder("*Evidence*");
            for (Map.Entry<String, String> e : evidence.entrySet()) {
                text.append("\n\u2022 ").append(escape(e.getKey())).append(": `").append(escape(e.getValue())).append('`');
            }
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", AlertFacts.cut(text.toString(), SECTION_TEXT_MAX));
        }

        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", escape(AlertFacts.footer(d)));
        return message;
    }

    /** Slack's mrkdwn needs only these three escaped (its formatting reference). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
