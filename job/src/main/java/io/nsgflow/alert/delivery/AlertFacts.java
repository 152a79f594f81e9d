package io.nsgflow.alert.delivery;

import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AlertDelivery;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the chat formats show of an alert, as title/value pairs, the same for Slack and Teams. */
final class AlertFacts {

    private AlertFacts() {}

    static String title(AlertDelivery d) {
        Alert a = d.alert;
        return severity(a) + ": " + a.getType() + (d.summary ? " (summary of " + a.getCount() + ")" : "");
    }

    static String severity(Alert a) {
        return a.getSeverity().name();
    }

    static Map<String, String> facts(AlertDelivery d) {
        Alert a = d.alert;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Entity", a.getEntity());
        facts.put("Severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
        facts.put("Seen", a.getFirstSeen() == a.getLastSeen() ? Instant.ofEpochMilli(a.getLastSeen()).toString()
                : Instant.ofEpochMilli(a.getFirstSeen()) + " to " + Instant.ofEpochMilli(a.getLastSeen()));
        facts.put("Count", Long.toString(a.getCount()));
        if (a.getTechniqueId() != null) {
            facts.put("MITRE ATT&CK", a.getTechniqueId() + (a.getTechniqueName() != null ? " " + a.getTechniqueName() : ""));
        }
        if (a.getPolicyVersion() != null) {
            facts.put("Policy version", a.getPolicyVersion());
        }
        return facts;
    }

    /** Evidence sorted by key, so the message is the same however the map was built. */
    static Map<String, String> evidence(Alert a) {
        return new TreeMap<>(a.getEvidence());
    }

    static String footer(AlertDelivery d) {
        return "nsgflow alert " + d.alert.getId() + ", delivery " + d.number;
    }

    /** {@code text} cut to {@code max} characters, marked with an ellipsis when cut. */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
