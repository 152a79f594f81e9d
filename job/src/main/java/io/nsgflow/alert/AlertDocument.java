package io.nsgflow.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An alert as an ECS-shaped JSON document, for Elasticsearch, webhooks and replay's alerts.jsonl. */
public final class AlertDocument {

    private AlertDocument() {}

    /** ECS {@code event.severity} is numeric; higher is worse. */
    public static int ecsSeverity(Severity severity) {
        return switch (severity) {
            case LOW -> 21;
            case MEDIUM -> 47;
            case HIGH -> 73;
            case CRITICAL -> 99;
        };
    }

    public static ObjectNode of(Alert a) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode doc = json.objectNode();
        doc.put("@timestamp", Instant.ofEpochMilli(a.getLastSeen()).toString());
        doc.put("message", a.getSummary());

        ObjectNode event = doc.putObject("event");
        event.put("id", a.getId());
        event.put("kind", "alert");
        event.putArray("category").add("network");
        event.put("action", a.getType());
        event.put("severity", ecsSeverity(a.getSeverity()));
        event.put("start", Instant.ofEpochMilli(a.getFirstSeen()).toString());
        event.put("end", Instant.ofEpochMilli(a.getLastSeen()).toString());

        if (a.getTechniqueId() != null) {
            ObjectNode threat = doc.putObject("threat");
            threat.put("framework", "MITRE ATT&CK");
            ObjectNode technique = threat.putObject("technique");
            technique.putArray("id").add(a.getTechniqueId());
            if (a.getTechniqueName() != null) {
                technique.putArray("name").add(a.getTechniqueName());
            }
            if (a.getTactic() != null) {
                threat.putObject("tactic").putArray("name").add(a.getTactic());
            }
        }

        ObjectNode alert = doc.putObject("nsgflow").putObject("alert");
        alert.put("type", a.getType());
        alert.put("severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
        alert.put("entity", a.getEntity());
        alert.put("count", a.getCount());
        alert.put("first_seen", Instant.ofEpochMilli(a.getFirstSeen()).toString());
        alert.put("last_seen", Instant.ofEpochMilli(a.getLastSeen()).toString());
        if (a.getPolicyVersion() != null) {
            alert.put("policy_version", a.getPolicyVersion());
        }
        ObjectNode evidence = alert.putObject("evidence");
        for (Map.Entry<String, String> e : new TreeMap<>(a.getEvidence()).entrySet()) {
            evidence.put(e.getKey(), e.getValue());
        }
        return doc;
    }
}
