package io.nsgflow.aggregate;

import io.nsgflow.flowlog.LoggedNsgNames;
import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.flowlog.PlatformRules;
import io.nsgflow.net.Protocol;

/**
 * What one flow tuple adds to the per-minute aggregates, and how totals add up. Every tuple
 * contributes to exactly two aggregates: its rule as logged, and either its east-west subnet pair
 * (both ends on NICs of the policy) or its external peer (north-south: everything else).
 */
public final class FlowAggregates {

    public static final long WINDOW_MILLIS = 60_000;

    /**
     * The ruleset of the rule aggregates of VNet flow-log groups the Azure platform decided itself
     * (rule PlatformRule, aclID all zeros): not an NSG, and a text no NSG can be named (names have
     * no parentheses or spaces).
     */
    public static final String PLATFORM_RULESET = "(azure platform)";

    private FlowAggregates() {}

    /** The tuple's contribution to its rule's aggregate. */
    public static FlowAggregate rule(EvaluatedFlow e) {
        FlowAggregate a = measured(AggregateKind.RULE, e.getFlow());
        a.setRuleset(ruleset(e));
        a.setRuleName(ruleName(e));
        return a;
    }

    /** The tuple's contribution to its east-west pair's or its external peer's aggregate. */
    public static FlowAggregate traffic(EvaluatedFlow e) {
        FlowRecord f = e.getFlow();
        boolean inbound = f.getDirection() == Direction.INBOUND;
        FlowAggregate a;
        if (isEastWest(e)) {
            a = measured(AggregateKind.EAST_WEST, f);
            // oriented by the flow: the remote end is the source of inbound flows
            a.setSourceSubnet(inbound ? e.getRemoteSubnetId() : e.getLocalSubnetId());
            a.setDestinationSubnet(inbound ? e.getLocalSubnetId() : e.getRemoteSubnetId());
        } else {
            a = measured(AggregateKind.NORTH_SOUTH, f);
            a.setPeer(inbound ? f.getSrcIp() : f.getDstIp());
            a.setDirection(f.getDirection());
        }
        a.setDestinationPort(f.getDstPort());
        a.setTransport(Protocol.name(f.getProtocol()));
        a.setOutcome(f.getDecision());
        return a;
    }

    /** Both ends sit on NICs of the policy in force; otherwise the flow counts as north-south. */
    public static boolean isEastWest(EvaluatedFlow e) {
        return e.getLocalSubnetId() != null && e.getRemoteSubnetId() != null;
    }

    /**
     * The NSG that logged the tuple, by name: as the policy names it when the re-evaluation
     * resolved it, else from the log itself (last segment of the NSG resource id, or the VNet
     * log's aclID).
     */
    public static String ruleset(EvaluatedFlow e) {
        if (PlatformRules.decided(e.getFlow())) {
            return PLATFORM_RULESET;
        }
        if (e.getObserved() != null && e.getObserved().getNsg() != null) {
            return e.getObserved().getNsg();
        }
        return LoggedNsgNames.fromLog(e.getFlow());
    }

    /** The rule as logged ({@code PlatformRule} for the platform's own traffic). */
    public static String ruleName(EvaluatedFlow e) {
        return e.getFlow().getRule();
    }

    /** Whether a rule aggregate counts the traffic the Azure platform handled itself (no NSG). */
    public static boolean isPlatform(FlowAggregate a) {
        return a.getKind() == AggregateKind.RULE && PLATFORM_RULESET.equals(a.getRuleset());
    }

    /** The start of the one-minute window of an event time (floor, also for times before 1970). */
    public static long windowStart(long eventTime) {
        return Math.floorDiv(eventTime, WINDOW_MILLIS) * WINDOW_MILLIS;
    }


    /** An accumulator with no tuple yet; its key is taken from the first contribution added. */
    public static FlowAggregate empty() {
        FlowAggregate a = new FlowAggregate();
        a.setKind(AggregateKind.RULE);
        a.setWindowStart(0L);
        a.setTuples(0L);
        a.setFlows(0L);
        a.setAllowed(0L);
        a.setDenied(0L);
        a.setBytes(0L);
        a.setPackets(0L);
        return a;
    }

    /** A copy of {@code a} for the window starting at {@code windowStart}. */
    public static FlowAggregate withWindowStart(FlowAggregate a, long windowStart) {
        FlowAggregate copy = add(empty(), a);
        copy.setWindowStart(windowStart);
        return copy;
    }

    /** Adds {@code c} (a contribution or a partial total of the same key) to {@code acc}; returns acc. */
    public static FlowAggregate add(FlowAggregate acc, FlowAggregate c) {
        if (acc.getTuples() == 0) {
            acc.setKind(c.getKind());
            acc.setWindowStart(c.getWindowStart());
            acc.setRuleset(c.getRuleset());
            acc.setRuleName(c.getRuleName());
            acc.setSourceSubnet(c.getSourceSubnet());
            acc.setDestinationSubnet(c.getDestinationSubnet());
            acc.setPeer(c.getPeer());
            acc.setDirection(c.getDirection());
            acc.setDestinationPort(c.getDestinationPort());
            acc.setTransport(c.getTransport());
            acc.setOutcome(c.getOutcome());
        }
        acc.setTuples(acc.getTuples() + c.getTuples());
        acc.setFlows(acc.getFlows() + c.getFlows());
        acc.setAllowed(acc.getAllowed() + c.getAllowed());
        acc.setDenied(acc.getDenied() + c.getDenied());
        acc.setBytes(acc.getBytes() + c.getBytes());
        acc.setPackets(acc.getPackets() + c.getPackets());
        return acc;
    }

    /**
     * Adds one tuple's counters to a total of its key that has at least one tuple already: the same
     * as {@code add(acc, rule(e))} or {@code add(acc, traffic(e))} then, without making the contribution.
     */
    static void addTuple(FlowAggregate acc, FlowRecord f) {
        boolean begins = ConnectionStarts.begins(f);
        acc.setTuples(acc.getTuples() + 1);
        if (begins) {
            acc.setFlows(acc.getFlows() + 1);
            if (f.getDecision() == Decision.ALLOW) {
                acc.setAllowed(acc.getAllowed() + 1);
            } else if (f.getDecision() == Decision.DENY) {
                acc.setDenied(acc.getDenied() + 1);
            }
        }
        acc.setBytes(acc.getBytes() + count(f.getBytesSrcToDst()) + count(f.getBytesDstToSrc()));
        acc.setPackets(acc.getPackets() + count(f.getPacketsSrcToDst()) + count(f.getPacketsDstToSrc()));
    }

    /**
     * The grouping key, without the window: equal for exactly the contributions that are summed
     * together ({@link AggregateKey}). Also the basis of the document id.
     */
    public static String key(FlowAggregate a) {
        return new AggregateKey().of(a).text();
    }

    private static FlowAggregate measured(AggregateKind kind, FlowRecord f) {
        boolean begins = ConnectionStarts.begins(f);
        // setters, not the Avro builder: build() looks up every default, and this runs twice per tuple
        FlowAggregate a = new FlowAggregate();
        a.setKind(kind);
        a.setWindowStart(windowStart(f.getEventTime()));
        a.setTuples(1L);
        a.setFlows(begins ? 1L : 0L);
        a.setAllowed(begins && f.getDecision() == Decision.ALLOW ? 1L : 0L);
        a.setDenied(begins && f.getDecision() == Decision.DENY ? 1L : 0L);
        a.setBytes(count(f.getBytesSrcToDst()) + count(f.getBytesDstToSrc()));
        a.setPackets(count(f.getPacketsSrcToDst()) + count(f.getPacketsDstToSrc()));
        return a;
    }

    private static long count(Long counter) {
        return counter == null ? 0 : counter;
    }
}
