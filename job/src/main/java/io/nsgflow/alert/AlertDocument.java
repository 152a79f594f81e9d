package io.nsgflow.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

        if (a.getSourceIp() != null) {
            doc.putObject("source").put("ip", a.getSourceIp());
        }
        if (a.getDestinationIp() != null) {
            doc.putObject("destination").put("ip", a.getDestinationIp());
        }
        if (!a.getRelatedIps().isEmpty()) {
            ArrayNode related = doc.putObject("related").putArray("ip");
            a.getRelatedIps().forEach(related::add);
        }

        ObjectNode alert = doc.putObject("nsgflow").putObject("alert");
        alert.put("type", a.getType());
        alert.put("severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
        alert.put("entity", a.getEntity());
        alert.put("count", a.getCount());
        alert.put("revision", a.getRevision());
        alert.put("first_seen", Instant.ofEpochMilli(a.getFirstSeen()).toString());
        alert.put("last_seen", Instant.ofEpochMilli(a.getLastSeen()).toString());
        if (a.getPolicyVersion() != null) {
            alert.put("policy_version", a.getPolicyVersion());
        }
        if (!a.getPath().isEmpty()) {
            ArrayNode path = alert.putArray("path");
            for (PathHop h : a.getPath()) {
                ObjectNode hop = path.addObject();
                hop.put("source", h.getSource());
                hop.put("destination", h.getDestination());
                hop.put("time", Instant.ofEpochMilli(h.getTime()).toString());
                hop.put("port", h.getPort());
                hop.put("protocol", h.getProtocol());
                if (h.getNsg() != null) {
                    hop.put("nsg", h.getNsg());
                }
                if (h.getRule() != null) {
                    hop.put("rule", h.getRule());
                }
                hop.put("wide_rule", h.getWideRule());
            }
        }
        if (!a.getRules().isEmpty()) {
            ArrayNode rules = alert.putArray("rules");
            for (AllowingRule r : a.getRules()) {
                ObjectNode rule = rules.addObject();
                if (r.getNsg() != null) {
                    rule.put("nsg", r.getNsg());
                }
                rule.put("name", r.getRule());
                rule.put("default", r.getDefaultRule());
                rule.put("wide", r.getWide());
                rule.put("connections", r.getConnections());
            }
        }
        if (a.getType().startsWith("lateral.")) {
            alert.put("segmentation_gap", a.getSegmentationGap());
        }
        ObjectNode evidence = alert.putObject("evidence");
        for (Map.Entry<String, String> e : new TreeMap<>(a.getEvidence()).entrySet()) {
            evidence.put(e.getKey(), e.getValue());
        }
        return doc;
    }
}
