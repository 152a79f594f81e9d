package io.nsgflow.drift;

import io.nsgflow.evaluate.Judgement;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.ids.ContentIds;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Protocol;
import java.time.Instant;
import java.util.Locale;

/** A drift finding as an ECS-shaped JSON document, for Elasticsearch and for replay's drift.jsonl. */
public final class DriftDocument {

    private DriftDocument() {}

    /** Deterministic id: one finding per flow, so the flow's identity is the key. */
    public static String id(DriftFinding f) {
        return ContentIds.of(
                "drift",
                Long.toString(f.getEventTime()),
                f.getSrcIp(),
                Integer.toString(f.getSrcPort()),
                f.getDstIp(),
                Integer.toString(f.getDstPort()),
                Protocol.name(f.getProtocol()),
                f.getDirection().name(),
                String.valueOf(f.getMac()));
    }

    /** The type as users see it: {@code unexpected_allow}, {@code rule_mismatch}... */
    public static String typeName(DriftType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    public static ObjectNode of(DriftFinding f) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode doc = json.objectNode();
        doc.put("@timestamp", Instant.ofEpochMilli(f.getEventTime()).toString());

        ObjectNode event = doc.putObject("event");
        event.put("id", id(f));
        event.put("kind", "event");
        event.putArray("category").add("network");
        event.putArray("type").add("connection");
        event.put("action", "nsg-drift");
        event.put("outcome", f.getObserved().getDecision() == Decision.ALLOW ? "success" : "failure");

        doc.putObject("source").put("ip", f.getSrcIp()).put("port", f.getSrcPort());
        doc.putObject("destination").put("ip", f.getDstIp()).put("port", f.getDstPort());
        ObjectNode network = doc.putObject("network");
        network.put("transport", Protocol.name(f.getProtocol()));
        network.put("iana_number", Integer.toString(f.getProtocol()));
        network.put("direction", f.getDirection().name().toLowerCase(Locale.ROOT));

        ObjectNode rule = doc.putObject("rule");
        putIfPresent(rule, "name", f.getObserved().getRule());
        putIfPresent(rule, "ruleset", f.getObserved().getNsg());

        ObjectNode nsgflow = doc.putObject("nsgflow");
        ObjectNode drift = nsgflow.putObject("drift");
        drift.put("type", typeName(f.getType()));
        judgement(drift.putObject("observed"), f.getObserved());
        judgement(drift.putObject("expected"), f.getExpected());
        nsgflow.putObject("policy").put("version", f.getPolicyVersion());
        ObjectNode nic = nsgflow.putObject("nic");
        putIfPresent(nic, "id", f.getNicId());
        putIfPresent(nic, "name", f.getNicName());
        putIfPresent(nic, "mac", f.getMac());
        ObjectNode flowlog = nsgflow.putObject("flowlog");
        flowlog.put("format", f.getLogFormat().name());
        putIfPresent(flowlog, "resource_id", f.getFlowLogResourceId());
        putIfPresent(flowlog, "guid", f.getFlowLogGuid());
        putIfPresent(flowlog, "system_id", f.getSystemId());
        putIfPresent(flowlog, "acl_id", f.getAclId());
        putIfPresent(flowlog, "target_resource_id", f.getTargetResourceId());
        if (f.getRecordTime() != null) {
            flowlog.put("record_time", Instant.ofEpochMilli(f.getRecordTime()).toString());
        }
        return doc;
    }

    private static void judgement(ObjectNode node, Judgement j) {
        node.put("decision", j.getDecision() == null ? null : j.getDecision().name().toLowerCase(Locale.ROOT));
        node.put("rule", j.getRule());
        node.put("nsg", j.getNsg());
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
