package io.nsgflow.aggregate;

import static io.nsgflow.aggregate.AggregateFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialAggregatesTest {

    private static final long T = Instant.parse("2026-11-20T11:05:10Z").toEpochMilli();

    @Test
    void sumsPerKeyAndMinuteAndForgetsOnDrain() {
        PartialAggregates partials = new PartialAggregates();
        // two C tuples of the same rule in 11:05, one in 11:06, one of another rule in 11:05
        partials.add(FlowAggregates.rule(located(counters(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.CONTINUING), 1L, 100L, 2L, 200L).build(), SUBNET_DB, SUBNET_WEB)));
        partials.add(FlowAggregates.rule(located(counters(tuple(T + 40_000, "10.1.1.5", "10.1.2.4", 1433,
                Direction.INBOUND, Decision.ALLOW, FlowState.END), 3L, 300L, 4L, 400L).build(), SUBNET_DB, SUBNET_WEB)));
        partials.add(FlowAggregates.rule(located(counters(tuple(T + 60_000, "10.1.1.4", "10.1.2.4", 1433,
                Direction.INBOUND, Decision.ALLOW, FlowState.END), 5L, 500L, 6L, 600L).build(), SUBNET_DB, SUBNET_WEB)));
        partials.add(FlowAggregates.rule(located(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND,
                Decision.DENY, FlowState.BEGIN).setRule("UserRule_Deny").build(), SUBNET_DB, SUBNET_WEB)));
        assertThat(partials.size()).isEqualTo(3);

        List<FlowAggregate> out = new ArrayList<>();
        partials.drain(out::add);
        assertThat(partials.size()).isZero();
        assertThat(out).hasSize(3);
        FlowAggregate first = out.stream().filter(a -> a.getWindowStart() == T - 10_000
                && a.getRuleName().equals("UserRule_AllowSql")).findFirst().orElseThrow();
        assertThat(new long[] {first.getTuples(), first.getFlows(), first.getBytes(), first.getPackets()})
                .containsExactly(2, 0, 1000, 10);
        FlowAggregate next = out.stream().filter(a -> a.getWindowStart() == T + 50_000).findFirst().orElseThrow();
        assertThat(new long[] {next.getTuples(), next.getBytes(), next.getPackets()}).containsExactly(1, 1100, 11);
        FlowAggregate deny = out.stream().filter(a -> a.getRuleName().equals("UserRule_Deny")).findFirst().orElseThrow();
        assertThat(new long[] {deny.getTuples(), deny.getFlows(), deny.getDenied()}).containsExactly(1, 1, 1);

        List<FlowAggregate> again = new ArrayList<>();
        partials.drain(again::add);
        assertThat(again).isEmpty();
    }

    /** Adding an evaluated flow is adding its two contributions, for every kind of tuple and key. */
    @Test
    void addingAnEvaluatedFlowIsAddingBothContributions() {
        java.util.Random random = new java.util.Random(11);
        PartialAggregates byFlow = new PartialAggregates();
        PartialAggregates byContribution = new PartialAggregates();
        FlowState[] states = {null, FlowState.BEGIN, FlowState.CONTINUING, FlowState.END};
        for (int i = 0; i < 5_000; i++) {
            FlowRecord.Builder b = tuple(T + random.nextInt(4) * 30_000L, "10.1.1." + random.nextInt(4),
                    random.nextBoolean() ? "10.1.2.4" : "52.0.0." + random.nextInt(30), 1433 + random.nextInt(3),
                    random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND,
                    random.nextBoolean() ? Decision.ALLOW : Decision.DENY, states[random.nextInt(4)]);
            if (random.nextBoolean()) {
                counters(b, (long) random.nextInt(10), (long) random.nextInt(1000), random.nextBoolean() ? null : 3L, 300L);
            }
            if (random.nextInt(5) == 0) {
                b.setRule("UserRule_R" + random.nextInt(3));
            }
            if (random.nextInt(7) == 0) {
                b.setProtocol(17);
            }
            FlowRecord f = b.build();
            int where = random.nextInt(3);
            EvaluatedFlow e = where == 0 ? unlocated(f)
                    : located(f, SUBNET_DB, where == 1 ? SUBNET_WEB : null);
            byFlow.add(e);
            byContribution.add(FlowAggregates.rule(e));
            byContribution.add(FlowAggregates.traffic(e));
        }
        assertThat(byFlow.size()).isEqualTo(byContribution.size()).isGreaterThan(50);
        List<FlowAggregate> a = new ArrayList<>();
        List<FlowAggregate> c = new ArrayList<>();
        byFlow.drain(a::add);
        byContribution.drain(c::add);
        assertThat(a).containsExactlyInAnyOrderElementsOf(c);
    }
}
