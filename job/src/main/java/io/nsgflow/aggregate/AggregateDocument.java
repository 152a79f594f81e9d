package io.nsgflow.aggregate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.ids.ContentIds;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Protocol;
import java.time.Instant;
import java.util.Locale;

/** A per-minute aggregate as an ECS-shaped JSON document, for Elasticsearch and replay's aggregates.jsonl. */
public final class AggregateDocument {

    private AggregateDocument() {}

    /**
     * Deterministic id from the key and the window start, not the totals: a window that fires
     * again with late tuples overwrites its earlier document.
     */
    public static String id(FlowAggregate a) {
        Object[] parts = new AggregateKey().of(a).parts();
        String[] all = new String[parts.length + 3];
        all[0] = "aggregate";
        all[1] = a.getKind().name();
        all[2] = Long.toString(a.getWindowStart());
        for (int i = 0; i < parts.length; i++) {
            all[i + 3] = String.valueOf(parts[i]);
        }
        return ContentIds.of(all);
    }

    /** The kind as users see it: {@code rule}, {@code east_west}, {@code north_south}. */
    public static String kindName(AggregateKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public static ObjectNode of(FlowAggregate a) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("@timestamp", Instant.ofEpochMilli(a.getWindowStart()).toString());

        ObjectNode event = doc.putObject("event");
        event.put("id", id(a));
        event.put("kind", "metric");
        event.putArray("category").add("network");
        ObjectNode network = doc.putObject("network");
        switch (a.getKind()) {
            case RULE -> {
                ObjectNode rule = doc.putObject("rule");
                putIfPresent(rule, "ruleset", a.getRuleset());
                putIfPresent(rule, "name", a.getRuleName());
            }
            case EAST_WEST -> {
                decision(event, a.getOutcome());
                doc.putObject("source").put("subnet", a.getSourceSubnet());
                doc.putObject("destination").put("subnet", a.getDestinationSubnet()).put("port", a.getDestinationPort());
                transport(network, a.getTransport());
            }
            case NORTH_SOUTH -> {
                decision(event, a.getOutcome());
                doc.putObject("destination").put("port", a.getDestinationPort());
                transport(network, a.getTransport());
                network.put("direction", a.getDirection().name().toLowerCase(Locale.ROOT));
            }
        }
        network.put("bytes", a.getBytes());
        network.put("packets", a.getPackets());

        ObjectNode aggregate = doc.putObject("nsgflow").putObject("aggregate");
        aggregate.put("kind", kindName(a.getKind()));
        if (FlowAggregates.isPlatform(a)) {
            aggregate.put("platform", true);
        }
        if (a.getKind() == AggregateKind.NORTH_SOUTH) {
            aggregate.put("peer", a.getPeer());
        }
        aggregate.put("flows", a.getFlows());
        aggregate.put("allowed", a.getAllowed());
        aggregate.put("denied", a.getDenied());
        aggregate.put("tuples", a.getTuples());
        return doc;
    }

    /** ECS network.transport (the IANA keyword, lower case) and network.iana_number (its number, as text). */
    private static void transport(ObjectNode network, String transport) {
        network.put("transport", transport);
        int number = Protocol.parseFlow(transport);
        if (number >= 0) {
            network.put("iana_number", Integer.toString(number));
        }
    }

    /** ECS: event.type says allowed/denied, event.outcome success/failure (as in drift documents). */
    private static void decision(ObjectNode event, Decision d) {
        event.putArray("type").add("connection").add(d == Decision.ALLOW ? "allowed" : "denied");
        event.put("outcome", d == Decision.ALLOW ? "success" : "failure");
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
