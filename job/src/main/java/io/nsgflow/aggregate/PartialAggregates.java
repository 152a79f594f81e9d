package io.nsgflow.aggregate;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Partial totals of the contributions seen since the last drain, by key and minute: the local
 * pre-aggregation in front of the windows, so that one record per key and minute crosses the
 * network instead of two per tuple. Draining hands out every partial and forgets them.
 */
public final class PartialAggregates {

    /**
     * The full grouping identity of a contribution (key and window). Written out rather than a
     * record: a record's hashCode and equals go through method handles over every component, and
     * this is looked up twice per tuple. Mutable only while it serves as the lookup probe.
     */
    private static final class Group {
        AggregateKind kind;
        long windowStart;
        String ruleset;
        String ruleName;
        String sourceSubnet;
        String destinationSubnet;
        String peer;
        Direction direction;
        Integer destinationPort;
        String transport;
        Decision outcome;
        int hash;

        Group set(AggregateKind kind, long windowStart, String ruleset, String ruleName, String sourceSubnet,
                String destinationSubnet, String peer, Direction direction, Integer destinationPort, String transport,
                Decision outcome) {
            this.kind = kind;
            this.windowStart = windowStart;
            this.ruleset = ruleset;
            this.ruleName = ruleName;
            this.sourceSubnet = sourceSubnet;
            this.destinationSubnet = destinationSubnet;
            this.peer = peer;
            this.direction = direction;
            this.destinationPort = destinationPort;
            this.transport = transport;
            this.outcome = outcome;
            int h = kind.ordinal();
            h = 31 * h + Long.hashCode(windowStart);
            h = 31 * h + Objects.hashCode(ruleset);
            h = 31 * h + Objects.hashCode(ruleName);
            h = 31 * h + Objects.hashCode(sourceSubnet);
            h = 31 * h + Objects.hashCode(destinationSubnet);
            h = 31 * h + Objects.hashCode(peer);
            h = 31 * h + (direction == null ? -1 : direction.ordinal());
            h = 31 * h + Objects.hashCode(destinationPort);
            h = 31 * h + Objects.hashCode(transport);
            h = 31 * h + (outcome == null ? -1 : outcome.ordinal());
            this.hash = h;
            return this;
        }

        Group of(FlowAggregate a) {
            return set(a.getKind(), a.getWindowStart(), a.getRuleset(), a.getRuleName(), a.getSourceSubnet(),
                    a.getDestinationSubnet(), a.getPeer(), a.getDirection(), a.getDestinationPort(), a.getTransport(),
                    a.getOutcome());
        }

        Group copy() {
            return new Group().set(kind, windowStart, ruleset, ruleName, sourceSubnet, destinationSubnet, peer,
                    direction, destinationPort, transport, outcome);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group g && hash == g.hash && kind == g.kind && windowStart == g.windowStart
                    && direction == g.direction && outcome == g.outcome
                    && Objects.equals(ruleset, g.ruleset) && Objects.equals(ruleName, g.ruleName)
                    && Objects.equals(sourceSubnet, g.sourceSubnet)
                    && Objects.equals(destinationSubnet, g.destinationSubnet) && Objects.equals(peer, g.peer)
                    && Objects.equals(destinationPort, g.destinationPort) && Objects.equals(transport, g.transport);
        }
    }

    private final Map<Group, FlowAggregate> partials = new HashMap<>();
    private final Group probe = new Group();

    /** Adds a contribution (or a partial) to the partial total of its key and minute. */
    public void add(FlowAggregate contribution) {
        FlowAggregate partial = partials.get(probe.of(contribution));
        if (partial == null) {
            partials.put(probe.copy(), FlowAggregates.add(FlowAggregates.empty(), contribution));
        } else {
            FlowAggregates.add(partial, contribution);
        }
    }

    /**
     * Adds both contributions of an evaluated flow ({@link FlowAggregates#rule} and
     * {@link FlowAggregates#traffic}); the same as adding them one by one, without making the
     * contributions unless they start a partial.
     */
    public void add(EvaluatedFlow e) {
        FlowRecord f = e.getFlow();
        long windowStart = FlowAggregates.windowStart(f.getEventTime());
        FlowAggregate rule = partials.get(probe.set(AggregateKind.RULE, windowStart, FlowAggregates.ruleset(e),
                f.getRule(), null, null, null, null, null, null, null));
        if (rule == null) {
            partials.put(probe.copy(), FlowAggregates.add(FlowAggregates.empty(), FlowAggregates.rule(e)));
        } else {
            FlowAggregates.addTuple(rule, f);
        }
        boolean inbound = f.getDirection() == Direction.INBOUND;
        if (FlowAggregates.isEastWest(e)) {
            probe.set(AggregateKind.EAST_WEST, windowStart, null, null,
                    inbound ? e.getRemoteSubnetId() : e.getLocalSubnetId(),
                    inbound ? e.getLocalSubnetId() : e.getRemoteSubnetId(),
                    null, null, f.getDstPort(), f.getProtocol(), f.getDecision());
        } else {
            probe.set(AggregateKind.NORTH_SOUTH, windowStart, null, null, null, null,
                    inbound ? f.getSrcIp() : f.getDstIp(), f.getDirection(), f.getDstPort(), f.getProtocol(),
                    f.getDecision());
        }
        FlowAggregate traffic = partials.get(probe);
        if (traffic == null) {
            partials.put(probe.copy(), FlowAggregates.add(FlowAggregates.empty(), FlowAggregates.traffic(e)));
        } else {
            FlowAggregates.addTuple(traffic, f);
        }
    }

    /** How many partials are held. */
    public int size() {
        return partials.size();
    }

    /** Hands every partial to {@code out} and forgets them all. */
    public void drain(Consumer<FlowAggregate> out) {
        if (partials.isEmpty()) {
            return;
        }
        partials.values().forEach(out);
        partials.clear();
    }
}
