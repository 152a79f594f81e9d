package io.nsgflow.aggregate;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.Direction;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Partial totals of the contributions seen since the last drain, by key and minute: the local
 * pre-aggregation in front of the windows, so that one record per key and minute crosses the
 * network instead of two per tuple. Draining hands out every partial and forgets them.
 */
public final class PartialAggregates {

    /** The full grouping identity of a contribution (key and window), cheap to hash. */
    private record Group(AggregateKind kind, long windowStart, String ruleset, String ruleName, String sourceSubnet,
            String destinationSubnet, String peer, Direction direction, Integer destinationPort, String transport,
            Decision outcome) {

        static Group of(FlowAggregate a) {
            return new Group(a.getKind(), a.getWindowStart(), a.getRuleset(), a.getRuleName(), a.getSourceSubnet(),
                    a.getDestinationSubnet(), a.getPeer(), a.getDirection(), a.getDestinationPort(), a.getTransport(),
                    a.getOutcome());
        }
    }

    private final Map<Group, FlowAggregate> partials = new HashMap<>();

    /** Adds a contribution (or a partial) to the partial total of its key and minute. */
    public void add(FlowAggregate contribution) {
        FlowAggregate partial = partials.get(Group.of(contribution));
        if (partial == null) {
            partials.put(Group.of(contribution), FlowAggregates.add(FlowAggregates.empty(), contribution));
        } else {
            FlowAggregates.add(partial, contribution);
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
