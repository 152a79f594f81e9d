package io.nsgflow.alert.delivery;

import java.util.Locale;

/** The payload shape a webhook URL expects. */
public enum WebhookFormat {
    /** The alert document, exactly as indexed in Elasticsearch. */
    JSON,
    /** A Slack incoming-webhook message with blocks and a text fallback. */
    SLACK,
    /** A Microsoft Teams (Power Automate workflow) message carrying an Adaptive Card 1.4. */
    TEAMS;

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static WebhookFormat parse(String value) {
        for (WebhookFormat f : values()) {
            if (f.optionValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a webhook format (json, slack or teams)");
    }
}
