package io.nsgflow.aggregate;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.net.Protocol;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Partial totals of the contributions seen since the last drain, by key and minute: the local
 * pre-aggregation in front of the windows, so that one record per key and minute crosses the
 * network instead of two per tuple. Draining hands out every partial and forgets them.
 */
public final class PartialAggregates {

    private final Map<AggregateKey, FlowAggregate> partials = new HashMap<>();
    private final AggregateKey probe = new AggregateKey();

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
        FlowAggregate rule = partials.get(probe.rule(windowStart, FlowAggregates.ruleset(e), FlowAggregates.ruleName(e)));
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
                    null, null, f.getDstPort(), Protocol.name(f.getProtocol()), f.getDecision());
        } else {
            probe.set(AggregateKind.NORTH_SOUTH, windowStart, null, null, null, null,
                    inbound ? f.getSrcIp() : f.getDstIp(), f.getDirection(), f.getDstPort(),
                    Protocol.name(f.getProtocol()), f.getDecision());
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
