package io.nsgflow.aggregate;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import java.util.Objects;

/**
 * The grouping identity of aggregates, written once: which fields make the key of each kind
 * ({@link #parts}), and from them the text the windows are keyed by ({@link #text}), the document
 * id's parts and, with the window, the local pre-aggregation's hash key. A field that is not part
 * of its kind's key is null. Written out rather than a record: a record's hashCode and equals go
 * through method handles over every component, and this is looked up twice per tuple. Mutable
 * only while it serves as a lookup probe.
 */
final class AggregateKey {
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
    private int hash;

    /** A rule aggregate's key. */
    AggregateKey rule(long windowStart, String ruleset, String ruleName) {
        return set(AggregateKind.RULE, windowStart, ruleset, ruleName, null, null, null, null, null, null, null);
    }

    AggregateKey set(AggregateKind kind, long windowStart, String ruleset, String ruleName, String sourceSubnet,
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

    /** The key of an aggregate: only its kind's fields (see {@link #parts}). */
    AggregateKey of(FlowAggregate a) {
        return switch (a.getKind()) {
            case RULE -> rule(a.getWindowStart(), a.getRuleset(), a.getRuleName());
            case EAST_WEST -> set(AggregateKind.EAST_WEST, a.getWindowStart(), null, null, a.getSourceSubnet(),
                    a.getDestinationSubnet(), null, null, a.getDestinationPort(), a.getTransport(), a.getOutcome());
            case NORTH_SOUTH -> set(AggregateKind.NORTH_SOUTH, a.getWindowStart(), null, null, null, null, a.getPeer(),
                    a.getDirection(), a.getDestinationPort(), a.getTransport(), a.getOutcome());
        };
    }

    AggregateKey copy() {
        return new AggregateKey().set(kind, windowStart, ruleset, ruleName, sourceSubnet, destinationSubnet, peer,
                direction, destinationPort, transport, outcome);
    }

    /** The fields that make the key of this kind, in order (the window aside). */
    Object[] parts() {
        return switch (kind) {
            case RULE -> new Object[] {ruleset, ruleName};
            case EAST_WEST -> new Object[] {sourceSubnet, destinationSubnet, destinationPort, transport, outcome};
            case NORTH_SOUTH -> new Object[] {peer, direction, destinationPort, transport, outcome};
        };
    }

    /** The key without the window as one text: the kind and the parts, NUL-separated. */
    String text() {
        StringBuilder b = new StringBuilder(160).append(kind.name());
        for (Object part : parts()) {
            b.append('\u0000').append(part);
        }
        return b.toString();
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregateKey g && hash == g.hash && kind == g.kind && windowStart == g.windowStart
                && direction == g.direction && outcome == g.outcome
                && Objects.equals(ruleset, g.ruleset) && Objects.equals(ruleName, g.ruleName)
                && Objects.equals(sourceSubnet, g.sourceSubnet)
                && Objects.equals(destinationSubnet, g.destinationSubnet) && Objects.equals(peer, g.peer)
                && Objects.equals(destinationPort, g.destinationPort) && Objects.equals(transport, g.transport);
    }
}
