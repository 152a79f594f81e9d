package io.nsgflow.aggregate;

import io.nsgflow.flowlog.FlowRecordFixtures;
import static io.nsgflow.aggregate.AggregateFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlowAggregatesTest {

    private static final long T = Instant.parse("2026-11-20T11:05:42.500Z").toEpochMilli();
    private static final long MINUTE = Instant.parse("2026-11-20T11:05:00Z").toEpochMilli();

    @Test
    void aBeginTupleCountsOneConnectionByDecisionAndNoCounters() {
        FlowAggregate allow = FlowAggregates.rule(located(
                tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN).build(),
                SUBNET_DB, SUBNET_WEB));
        assertThat(allow.getKind()).isEqualTo(AggregateKind.RULE);
        assertThat(allow.getWindowStart()).isEqualTo(MINUTE);
        assertThat(allow.getRuleset()).isEqualTo("nsg-db");
        assertThat(allow.getRuleName()).isEqualTo("UserRule_AllowSql");
        assertThat(new long[] {allow.getTuples(), allow.getFlows(), allow.getAllowed(), allow.getDenied(),
                allow.getBytes(), allow.getPackets()}).containsExactly(1, 1, 1, 0, 0, 0);

        FlowAggregate deny = FlowAggregates.rule(located(
                tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.DENY, FlowState.BEGIN).build(),
                SUBNET_DB, SUBNET_WEB));
        assertThat(new long[] {deny.getFlows(), deny.getAllowed(), deny.getDenied()}).containsExactly(1, 0, 1);
    }

    @Test
    void continuingAndEndTuplesAddCountersButNoConnection() {
        for (FlowState state : new FlowState[] {FlowState.CONTINUING, FlowState.END}) {
            FlowRecord f = counters(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, state),
                    10L, 1000L, 12L, 9000L).build();
            FlowAggregate a = FlowAggregates.rule(located(f, SUBNET_DB, SUBNET_WEB));
            // 10 + 12 packets, 1000 + 9000 bytes, both directions
            assertThat(new long[] {a.getTuples(), a.getFlows(), a.getAllowed(), a.getDenied(), a.getBytes(),
                    a.getPackets()}).containsExactly(1, 0, 0, 0, 10_000, 22);
        }
    }

    @Test
    void missingCountersCountZeroLikeZeroCounters() {
        FlowRecord partial = counters(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW,
                FlowState.END), null, 700L, 3L, null).build();
        FlowAggregate a = FlowAggregates.traffic(located(partial, SUBNET_DB, SUBNET_WEB));
        assertThat(a.getBytes()).isEqualTo(700);
        assertThat(a.getPackets()).isEqualTo(3);

        FlowRecord zeros = counters(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.DENY,
                FlowState.BEGIN), 0L, 0L, 0L, 0L).build();
        FlowAggregate z = FlowAggregates.traffic(located(zeros, SUBNET_DB, SUBNET_WEB));
        assertThat(new long[] {z.getBytes(), z.getPackets(), z.getFlows(), z.getDenied()}).containsExactly(0, 0, 1, 1);
    }

    @Test
    void nsgV1TuplesWithoutStateBeginAConnection() {
        FlowRecord v1 = tuple(T, "203.0.113.5", "10.1.2.4", 443, Direction.INBOUND, Decision.ALLOW, null).build();
        FlowAggregate a = FlowAggregates.rule(located(v1, SUBNET_DB, null));
        assertThat(new long[] {a.getTuples(), a.getFlows(), a.getAllowed(), a.getBytes(), a.getPackets()})
                .containsExactly(1, 1, 1, 0, 0);
    }

    @Test
    void platformRuleGroupsAreCountedAsPlatformTrafficUnderOneRuleset() {
        FlowRecord dns = FlowRecord.newBuilder(tuple(T, "10.1.2.4", "168.63.129.16", 53, Direction.OUTBOUND,
                        Decision.ALLOW, FlowState.BEGIN).build())
                .setNsgResourceId(null).setAclId("00000000-0000-0000-0000-000000000000").setRule("PlatformRule")
                .setProtocol(17).build();
        FlowAggregate a = FlowAggregates.rule(located(dns, SUBNET_DB, null));
        assertThat(a.getRuleset()).isEqualTo("(azure platform)");
        assertThat(a.getRuleName()).isEqualTo("PlatformRule");
        assertThat(FlowAggregates.isPlatform(a)).isTrue();
        assertThat(AggregateDocument.of(a).at("/nsgflow/aggregate/platform").asBoolean()).isTrue();
        // an NSG's own rule aggregate is not platform traffic, and its document says nothing of it
        FlowAggregate nsg = FlowAggregates.rule(located(
                tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN).build(),
                SUBNET_DB, SUBNET_WEB));
        assertThat(FlowAggregates.isPlatform(nsg)).isFalse();
        assertThat(AggregateDocument.of(nsg).at("/nsgflow/aggregate/platform").isMissingNode()).isTrue();
        // the traffic side keeps the peer and names the protocol as ECS does
        FlowAggregate traffic = FlowAggregates.traffic(located(dns, SUBNET_DB, null));
        assertThat(traffic.getPeer()).isEqualTo("168.63.129.16");
        assertThat(AggregateDocument.of(traffic).at("/network/transport").asText()).isEqualTo("udp");
        assertThat(AggregateDocument.of(traffic).at("/network/iana_number").asText()).isEqualTo("17");
    }

    @Test
    void theRulesetComesFromThePolicyElseFromTheLog() {
        FlowRecord nsgLog = tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN)
                .build();
        assertThat(FlowAggregates.ruleset(located(nsgLog, SUBNET_DB, null))).isEqualTo("nsg-db");
        assertThat(FlowAggregates.ruleset(unlocated(nsgLog))).isEqualTo("NSG-DB");

        FlowRecord vnetLog = FlowRecord.newBuilder(nsgLog).setNsgResourceId(null)
                .setAclId("11111111-0000-4000-8000-000000000003").build();
        assertThat(FlowAggregates.ruleset(unlocated(vnetLog))).isEqualTo("11111111-0000-4000-8000-000000000003");
    }

    @Test
    void eastWestIsOrientedByTheFlowNotByLocalAndRemote() {
        // logged inbound at db: web (remote) -> db (local)
        FlowAggregate in = FlowAggregates.traffic(located(
                tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN).build(),
                SUBNET_DB, SUBNET_WEB));
        assertThat(in.getKind()).isEqualTo(AggregateKind.EAST_WEST);
        assertThat(in.getSourceSubnet()).isEqualTo(SUBNET_WEB);
        assertThat(in.getDestinationSubnet()).isEqualTo(SUBNET_DB);
        assertThat(in.getDestinationPort()).isEqualTo(1433);
        assertThat(in.getTransport()).isEqualTo("tcp");
        assertThat(in.getOutcome()).isEqualTo(Decision.ALLOW);
        assertThat(in.getPeer()).isNull();

        // the same connection logged outbound at web: web (local) -> db (remote): the same pair
        FlowAggregate out = FlowAggregates.traffic(located(
                tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.OUTBOUND, Decision.ALLOW, FlowState.BEGIN).build(),
                SUBNET_WEB, SUBNET_DB));
        assertThat(out.getSourceSubnet()).isEqualTo(SUBNET_WEB);
        assertThat(out.getDestinationSubnet()).isEqualTo(SUBNET_DB);
        assertThat(FlowAggregates.key(out)).isEqualTo(FlowAggregates.key(in));
    }

    @Test
    void northSouthWhenOneEndIsOutsideWithThePeerAsTheOutsideEnd() {
        FlowAggregate in = FlowAggregates.traffic(located(
                tuple(T, "203.0.113.5", "10.1.1.4", 443, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN).build(),
                SUBNET_WEB, null));
        assertThat(in.getKind()).isEqualTo(AggregateKind.NORTH_SOUTH);
        assertThat(in.getPeer()).isEqualTo("203.0.113.5");
        assertThat(in.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(in.getDestinationPort()).isEqualTo(443);
        assertThat(in.getSourceSubnet()).isNull();

        FlowAggregate out = FlowAggregates.traffic(located(
                tuple(T, "10.1.1.4", "198.51.100.7", 53, Direction.OUTBOUND, Decision.DENY, FlowState.BEGIN).build(),
                SUBNET_WEB, null));
        assertThat(out.getPeer()).isEqualTo("198.51.100.7");
        assertThat(out.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(out.getOutcome()).isEqualTo(Decision.DENY);

        // no policy to say where either end is: counted with the remote end as peer
        FlowAggregate unknown = FlowAggregates.traffic(unlocated(
                tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN).build()));
        assertThat(unknown.getKind()).isEqualTo(AggregateKind.NORTH_SOUTH);
        assertThat(unknown.getPeer()).isEqualTo("10.1.1.4");
    }

    @Test
    void addingSumsEveryMeasureAndKeepsTheFirstKey() {
        EvaluatedFlow b = located(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW,
                FlowState.BEGIN).build(), SUBNET_DB, SUBNET_WEB);
        EvaluatedFlow c = located(counters(tuple(T + 1000, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.CONTINUING), 10L, 1000L, 12L, 9000L).build(), SUBNET_DB, SUBNET_WEB);
        EvaluatedFlow d = located(tuple(T + 2000, "10.1.1.9", "10.1.2.4", 1433, Direction.INBOUND, Decision.DENY,
                FlowState.BEGIN).build(), SUBNET_DB, SUBNET_WEB);
        FlowAggregate acc = FlowAggregates.empty();
        for (EvaluatedFlow e : new EvaluatedFlow[] {b, c, d}) {
            acc = FlowAggregates.add(acc, FlowAggregates.rule(e));
        }
        assertThat(acc.getRuleset()).isEqualTo("nsg-db");
        assertThat(acc.getWindowStart()).isEqualTo(MINUTE);
        assertThat(new long[] {acc.getTuples(), acc.getFlows(), acc.getAllowed(), acc.getDenied(), acc.getBytes(),
                acc.getPackets()}).containsExactly(3, 2, 1, 1, 10_000, 22);

        // merging two partial totals equals adding one by one
        FlowAggregate left = FlowAggregates.add(FlowAggregates.empty(), FlowAggregates.rule(b));
        FlowAggregate right = FlowAggregates.add(FlowAggregates.add(FlowAggregates.empty(), FlowAggregates.rule(c)),
                FlowAggregates.rule(d));
        assertThat(FlowAggregates.add(left, right)).isEqualTo(acc);
    }

    @Test
    void keysSeparateWhatMustNotBeSummedTogether() {
        FlowRecord base = tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN).build();
        String key = FlowAggregates.key(FlowAggregates.traffic(located(base, SUBNET_DB, SUBNET_WEB)));
        assertThat(FlowAggregates.key(FlowAggregates.traffic(located(
                FlowRecord.newBuilder(base).setDecision(Decision.DENY).build(), SUBNET_DB, SUBNET_WEB)))).isNotEqualTo(key);
        assertThat(FlowAggregates.key(FlowAggregates.traffic(located(
                FlowRecord.newBuilder(base).setDstPort(1434).build(), SUBNET_DB, SUBNET_WEB)))).isNotEqualTo(key);
        assertThat(FlowAggregates.key(FlowAggregates.traffic(located(
                FlowRecord.newBuilder(base).setProtocol(17).build(), SUBNET_DB, SUBNET_WEB)))).isNotEqualTo(key);
        // the source port and the addresses within the subnets do not matter
        assertThat(FlowAggregates.key(FlowAggregates.traffic(located(
                FlowRecordFixtures.source(FlowRecord.newBuilder(base).setSrcPort(55555), "10.1.1.7").build(), SUBNET_DB, SUBNET_WEB))))
                .isEqualTo(key);
        // the rule aggregate ignores ports and decision, not the rule
        String ruleKey = FlowAggregates.key(FlowAggregates.rule(located(base, SUBNET_DB, SUBNET_WEB)));
        assertThat(FlowAggregates.key(FlowAggregates.rule(located(
                FlowRecord.newBuilder(base).setDstPort(1).setDecision(Decision.DENY).build(), SUBNET_DB, null))))
                .isEqualTo(ruleKey);
        assertThat(FlowAggregates.key(FlowAggregates.rule(located(
                FlowRecord.newBuilder(base).setRule("UserRule_Other").build(), SUBNET_DB, null)))).isNotEqualTo(ruleKey);
    }

    @Test
    void windowsStartOnTheMinuteAlsoBefore1970() {
        assertThat(FlowAggregates.windowStart(T)).isEqualTo(MINUTE);
        assertThat(FlowAggregates.windowStart(MINUTE)).isEqualTo(MINUTE);
        assertThat(FlowAggregates.windowStart(-1)).isEqualTo(-60_000);
    }
}
