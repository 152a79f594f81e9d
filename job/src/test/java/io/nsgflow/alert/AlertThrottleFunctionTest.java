package io.nsgflow.alert;

import static io.nsgflow.alert.ThrottleFixtures.MINUTE;
import static io.nsgflow.alert.ThrottleFixtures.T0;
import static io.nsgflow.alert.ThrottleFixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The throttle operator in Flink's keyed harness, in event time. */
class AlertThrottleFunctionTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, Alert, AlertDelivery> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Alert, AlertDelivery> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertThrottleFunction(Duration.ofMinutes(15), 10)), AlertThrottle::key,
                Types.STRING);
        h.open();
        return h;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Alert, AlertDelivery> h, Alert a)
            throws Exception {
        h.processElement(new StreamRecord<>(a, a.getLastSeen()));
    }

    @Test
    void firstAlertAtOnceSummaryAtTheIntervalEndThenNoStateOrTimerLeft() throws Exception {
        try (var h = harness()) {
            send(h, alert("a1", "nic-1", T0));
            assertThat(h.extractOutputValues()).extracting(d -> d.idempotencyKey()).containsExactly("a1:1");
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            send(h, alert("a2", "nic-1", T0 + MINUTE));
            send(h, alert("a3", "nic-1", T0 + 2 * MINUTE));
            h.processWatermark(T0 + 15 * MINUTE - 1);
            assertThat(h.extractOutputValues()).hasSize(1); // still folding

            h.processWatermark(T0 + 15 * MINUTE);
            assertThat(h.extractOutputValues()).hasSize(2).last().satisfies(d -> {
                assertThat(d.summary).isTrue();
                assertThat(d.number).isEqualTo(2);
                assertThat(d.alert.getCount()).isEqualTo(2);
            });
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the next interval runs
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            h.processWatermark(T0 + 30 * MINUTE); // quiet: the run ends
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSingleAlertLeavesNothingBehindAfterItsInterval() throws Exception {
        try (var h = harness()) {
            send(h, alert("a1", "nic-1", T0));
            h.processWatermark(T0 + 15 * MINUTE);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void keysAreThrottledApart() throws Exception {
        try (var h = harness()) {
            send(h, alert("a1", "nic-1", T0));
            send(h, alert("b1", "nic-2", T0 + MINUTE));
            send(h, alert("a2", "nic-1", T0 + 2 * MINUTE));
            assertThat(h.extractOutputValues()).extracting(d -> d.idempotencyKey()).containsExactly("a1:1", "b1:1");
            h.processWatermark(T0 + 40 * MINUTE);
            assertThat(h.extractOutputValues()).extracting(d -> d.alert.getEntity(), d -> d.number)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("nic-1", 1),
                            org.assertj.core.groups.Tuple.tuple("nic-2", 1),
                            org.assertj.core.groups.Tuple.tuple("nic-1", 2));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anAlertPastTheIntervalBeforeTheWatermarkMovesTheTimer() throws Exception {
        try (var h = harness()) {
            send(h, alert("a1", "nic-1", T0));
            send(h, alert("a2", "nic-1", T0 + MINUTE));
            send(h, alert("a3", "nic-1", T0 + 20 * MINUTE)); // closes [0,15) at once, folds into [15,30)
            assertThat(h.extractOutputValues()).extracting(d -> d.number).containsExactly(1, 2);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(T0 + 45 * MINUTE);
            assertThat(h.extractOutputValues()).extracting(d -> d.number).containsExactly(1, 2, 3);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
