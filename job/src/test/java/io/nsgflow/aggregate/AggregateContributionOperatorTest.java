package io.nsgflow.aggregate;

import static io.nsgflow.aggregate.AggregateFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The pre-aggregating operator in a harness: what it holds, and when it lets go. */
class AggregateContributionOperatorTest {

    private static final long T = Instant.parse("2026-11-20T11:05:10Z").toEpochMilli();
    private static final long MINUTE = Instant.parse("2026-11-20T11:05:00Z").toEpochMilli();

    private static EvaluatedFlow c(long time, long bytes) {
        return located(counters(tuple(time, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW,
                FlowState.CONTINUING), 1L, bytes, 0L, 0L).build(), SUBNET_DB, SUBNET_WEB);
    }

    private static OneInputStreamOperatorTestHarness<EvaluatedFlow, FlowAggregate> harness(int maxPartials)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new AggregateContributionOperator(maxPartials));
        h.open();
        return h;
    }

    private static List<Object> drained(OneInputStreamOperatorTestHarness<EvaluatedFlow, FlowAggregate> h) {
        List<Object> out = new ArrayList<>(h.getOutput());
        h.getOutput().clear();
        return out;
    }

    @Test
    void sumsUntilTheWatermarkAndEmitsThePartialsBeforeIt() throws Exception {
        try (var h = harness(1000)) {
            // stamped with a timer's time, as flows released from waiting are: the tuple's own time counts
            h.processElement(new StreamRecord<>(c(T, 100), T + 600_000));
            h.processElement(new StreamRecord<>(c(T + 1000, 50), T + 600_000));
            assertThat(h.getOutput()).isEmpty();

            h.processWatermark(new Watermark(T));
            List<Object> out = drained(h);
            assertThat(out).hasSize(3);
            assertThat(out.get(2)).isEqualTo(new Watermark(T));
            for (Object o : out.subList(0, 2)) {
                @SuppressWarnings("unchecked")
                StreamRecord<FlowAggregate> r = (StreamRecord<FlowAggregate>) o;
                assertThat(r.getTimestamp()).isEqualTo(MINUTE);
                assertThat(r.getValue().getTuples()).isEqualTo(2);
                assertThat(r.getValue().getBytes()).isEqualTo(150);
            }
            assertThat(out.subList(0, 2)).extracting(o -> ((StreamRecord<?>) o).getValue())
                    .extracting(v -> ((FlowAggregate) v).getKind())
                    .containsExactlyInAnyOrder(AggregateKind.RULE, AggregateKind.EAST_WEST);

            // nothing held any more: the next watermark comes alone
            h.processWatermark(new Watermark(T + 1));
            assertThat(drained(h)).containsExactly(new Watermark(T + 1));
        }
    }

    @Test
    void letsGoBeforeACheckpointBarrierAtTheEndAndWhenFull() throws Exception {
        try (var h = harness(1000)) {
            h.processElement(new StreamRecord<>(c(T, 100), T));
            h.prepareSnapshotPreBarrier(1);
            assertThat(drained(h)).hasSize(2);

            h.processElement(new StreamRecord<>(c(T, 100), T));
            h.endInput();
            assertThat(drained(h)).hasSize(2);
        }
        try (var h = harness(4)) {
            // each tuple of another minute adds two keys: the fourth key sends all four on
            h.processElement(new StreamRecord<>(c(T, 1), T));
            assertThat(h.getOutput()).isEmpty();
            h.processElement(new StreamRecord<>(c(T + 60_000, 1), T));
            assertThat(drained(h)).hasSize(4);
        }
    }
}
