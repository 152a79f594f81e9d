package io.nsgflow.demo;

import io.nsgflow.demo.ElasticsearchFindings.AlertSeen;
import io.nsgflow.demo.WebhookReceiver.Delivery;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deliveries the receiver got next to the alerts in Elasticsearch. An alert at or above the
 * minimum severity is either delivered itself or, when an earlier alert of its type and entity
 * went out within the throttle interval, folded into that key's summary.
 */
final class WebhookReport {

    static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private WebhookReport() {}

    /** What is still missing: keys (type|entity) of alerts at or above {@code minSeverity} that no delivery covers. */
    static Set<String> undelivered(List<AlertSeen> alerts, List<Delivery> deliveries, String minSeverity) {
        Set<String> delivered = deliveries.stream().filter(Delivery::signatureValid).map(d -> d.type() + "|" + d.entity())
                .collect(Collectors.toSet());
        Set<String> missing = new HashSet<>();
        for (AlertSeen a : alerts) {
            if (atLeast(a.severity(), minSeverity) && !delivered.contains(a.type() + "|" + a.entity())) {
                missing.add(a.type() + "|" + a.entity());
            }
        }
        return missing;
    }

    /** Prints the table; true when every alert due is covered and every signature held. */
    static boolean print(PrintStream out, String url, List<AlertSeen> alerts, List<Delivery> deliveries,
            String minSeverity) {
        Map<String, List<Delivery>> byAlert = deliveries.stream().collect(Collectors.groupingBy(Delivery::alertId));
        Set<String> keysSent = deliveries.stream().map(d -> d.type() + "|" + d.entity()).collect(Collectors.toSet());
        out.println("Webhooks received at " + url + " (json, signatures verified with NSGFLOW_WEBHOOK_SECRET),"
                + " next to the alerts in Elasticsearch:");
        out.printf("  %-24s %-22s %-8s %-14s %s%n", "type", "entity", "severity", "alert id", "webhook");
        for (AlertSeen a : alerts) {
            List<Delivery> own = byAlert.getOrDefault(a.id(), List.of());
            String outcome;
            if (!own.isEmpty()) {
                boolean valid = own.stream().allMatch(Delivery::signatureValid);
                outcome = "delivered, key " + shortId(own.get(0).key()) + (own.size() > 1 ? " (" + own.size() + " times)" : "")
                        + (valid ? ", signature valid" : ", BAD SIGNATURE");
            } else if (!atLeast(a.severity(), minSeverity)) {
                outcome = "not sent: below alert.min-severity " + minSeverity;
            } else if (keysSent.contains(a.type() + "|" + a.entity())) {
                outcome = "throttled: folded into its type and entity's summary (sent when the interval ends)";
            } else {
                outcome = "MISSING";
            }
            out.printf("  %-24s %-22s %-8s %-14s %s%n", a.type(), a.entity(), a.severity(), shortId(a.id()), outcome);
        }
        List<Delivery> summaries = deliveries.stream().filter(d -> alerts.stream().noneMatch(a -> a.id().equals(d.alertId())))
                .toList();
        for (Delivery s : summaries) {
            // the summary's own words say what it folds ("N more <type> alert(s)", "M earlier <type> alert(s) updated"); count is observations
            String folded = s.message().contains(" for ") ? s.message().substring(0, s.message().indexOf(" for ")) : "summary";
            out.printf("  %-24s %-22s %-8s %-14s summary: %s, count %d, key %s%s%n", s.type(), s.entity(), s.severity(),
                    shortId(s.alertId()), folded, s.count(), shortId(s.key()),
                    s.signatureValid() ? ", signature valid" : ", BAD SIGNATURE");
        }
        long valid = deliveries.stream().filter(Delivery::signatureValid).count();
        long keys = deliveries.stream().map(Delivery::key).distinct().count();
        out.printf("  %d requests received, %d with a valid signature, %d distinct idempotency keys%n", deliveries.size(),
                valid, keys);
        return valid == deliveries.size() && undelivered(alerts, deliveries, minSeverity).isEmpty();
    }

    static boolean atLeast(String severity, String min) {
        return SEVERITIES.indexOf(severity.toLowerCase(Locale.ROOT)) >= SEVERITIES.indexOf(min.toLowerCase(Locale.ROOT));
    }

    /** Ids are 32 hex digits; 12 tell them apart in a table. */
    private static String shortId(String id) {
        int colon = id.indexOf(':');
        String head = colon < 0 ? id : id.substring(0, colon);
        String tail = colon < 0 ? "" : id.substring(colon);
        return (head.length() > 12 ? head.substring(0, 12) : head) + tail;
    }
}
