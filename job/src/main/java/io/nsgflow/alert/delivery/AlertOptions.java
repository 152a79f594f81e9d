package io.nsgflow.alert.delivery;

import io.nsgflow.alert.Severity;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Options of what goes out as webhooks: which alerts, how often per key, in which shape. */
public final class AlertOptions {

    public static final ConfigOption<String> MIN_SEVERITY = ConfigOptions.key("alert.min-severity")
            .stringType()
            .defaultValue("medium")
            .withDescription("Least severity of the alerts delivered as webhooks: low, medium, high or critical."
                    + " Elasticsearch and alerts.jsonl keep every alert.");

    public static final ConfigOption<Duration> THROTTLE_INTERVAL = ConfigOptions.key("alert.throttle.interval")
            .durationType()
            .defaultValue(Duration.ofMinutes(15))
            .withDescription("Per alert type and entity, the first alert is delivered at once and further ones within"
                    + " this interval (event time) go out as one summary when it ends.");

    public static final ConfigOption<Integer> THROTTLE_MAX_EVIDENCE_VALUES =
            ConfigOptions.key("alert.throttle.max-evidence-values")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Distinct values kept per evidence field in a summary; the rest are counted.");

    public static final ConfigOption<List<String>> FORMATS = ConfigOptions.key("webhook.format")
            .stringType()
            .asList()
            .defaultValues("json")
            .withDescription("Payload per URL of webhook.url, separated by ';': json (the alert document as in"
                    + " Elasticsearch), slack (incoming-webhook message with blocks) or teams (workflow message with"
                    + " an Adaptive Card). One value applies to every URL.");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(MIN_SEVERITY, THROTTLE_INTERVAL,
            THROTTLE_MAX_EVIDENCE_VALUES, FORMATS);

    private AlertOptions() {}

    /** Throws {@link IllegalArgumentException} naming the option when one is unusable. */
    public static void validate(Configuration config) {
        minSeverity(config);
        Duration interval = config.get(THROTTLE_INTERVAL);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("option " + THROTTLE_INTERVAL.key() + " must be positive, was " + interval);
        }
        if (config.get(THROTTLE_MAX_EVIDENCE_VALUES) < 1) {
            throw new IllegalArgumentException("option " + THROTTLE_MAX_EVIDENCE_VALUES.key() + " must be at least 1");
        }
        formats(config);
    }

    public static Severity minSeverity(Configuration config) {
        String v = config.get(MIN_SEVERITY);
        try {
            return Severity.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + MIN_SEVERITY.key() + ": '" + v
                    + "' is not a severity (low, medium, high or critical)");
        }
    }

    /** The format of each URL of {@code webhook.url}, in order; one format when no URL is set. */
    public static List<WebhookFormat> formats(Configuration config) {
        List<WebhookFormat> given = new ArrayList<>();
        for (String f : config.get(FORMATS)) {
            try {
                given.add(WebhookFormat.parse(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option " + FORMATS.key() + ": " + e.getMessage());
            }
        }
        int urls = WebhookOptions.urls(config).size();
        if (given.isEmpty()) {
            throw new IllegalArgumentException("option " + FORMATS.key() + " is empty");
        }
        if (urls == 0) {
            return List.of(given.get(0));
        }
        if (given.size() == 1) {
            return java.util.Collections.nCopies(urls, given.get(0));
        }
        if (given.size() != urls) {
            throw new IllegalArgumentException("option " + FORMATS.key() + " has " + given.size() + " formats for "
                    + urls + " URLs of " + WebhookOptions.URLS.key() + " (give one, or one per URL)");
        }
        return List.copyOf(given);
    }
}
