package io.nsgflow.flowlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Watermarks per partition, with hand-derived values (out-of-orderness 60 s, idleness 30 s). */
class PartitionWatermarksTest {

    private static final long OOO = 60_000;
    private static final long IDLE = 30_000;
    private static final long MIN = 60_000;
    private static final long T = 1_700_000_000_000L;

    @Test
    void oneInputIsItsHighestEventTimeLessTheOutOfOrderness() {
        PartitionWatermarks w = new PartitionWatermarks(OOO, IDLE, 0);
        assertThat(w.watermark(0)).isEqualTo(Long.MIN_VALUE);
        w.onInput("flows/0", 10);
        w.onEventTime("flows/0", T + 5 * MIN);
        w.onEventTime("flows/0", T + 3 * MIN);
        assertThat(w.watermark(20)).isEqualTo(T + 4 * MIN - 1);
    }

    @Test
    void aPartitionReadBehindAnotherHoldsTheWatermark() {
        // a reader catching up: a batch of partition 1 twenty minutes ahead of partition 0
        PartitionWatermarks w = new PartitionWatermarks(OOO, IDLE, 0);
        w.onInput("flows/1", 100);
        w.onEventTime("flows/1", T + 20 * MIN);
        w.onInput("flows/0", 200);
        w.onEventTime("flows/0", T + MIN);
        assertThat(w.watermark(300)).isEqualTo(T - 1);
        w.onInput("flows/0", 400);
        w.onEventTime("flows/0", T + 25 * MIN);
        assertThat(w.watermark(500)).isEqualTo(T + 19 * MIN - 1);
    }

    @Test
    void aPartitionWithoutInputForTheIdlenessNoLongerHoldsIt() {
        PartitionWatermarks w = new PartitionWatermarks(OOO, IDLE, 0);
        w.onInput("flows/0", 0);
        w.onEventTime("flows/0", T);
        for (long now = 1_000; now <= 40_000; now += 1_000) {
            w.onInput("flows/1", now);
            w.onEventTime("flows/1", T + 10 * MIN);
        }
        // flows/0 was last seen 40 s ago while flows/1 kept coming
        assertThat(w.watermark(40_000)).isEqualTo(T + 9 * MIN - 1);
        // and it holds the watermark again from its next input on
        w.onInput("flows/0", 41_000);
        assertThat(w.watermark(41_000)).isEqualTo(T - MIN - 1);
    }

    @Test
    void aStallOfTheWholeInputMakesNoPartitionIdle() {
        // both partitions stop for 90 s (the job back-pressured by an outage); partition 1 comes first
        PartitionWatermarks w = new PartitionWatermarks(OOO, IDLE, 0);
        w.onInput("flows/0", 0);
        w.onEventTime("flows/0", T);
        w.onInput("flows/1", 10);
        w.onEventTime("flows/1", T);
        assertThat(w.idle(60_000)).isTrue();
        w.onInput("flows/1", 90_000);
        w.onEventTime("flows/1", T + 20 * MIN);
        assertThat(w.idle(90_000)).isFalse();
        assertThat(w.watermark(90_100)).as("partition 0 still holds it").isEqualTo(T - MIN - 1);
        // a partition silent while the other flows becomes idle as usual
        for (long now = 91_000; now <= 125_000; now += 1_000) {
            w.onInput("flows/1", now);
        }
        assertThat(w.watermark(125_000)).isEqualTo(T + 19 * MIN - 1);
    }

    @Test
    void anActivePartitionWithoutAnEventTimeYetHoldsItAtTheStart() {
        PartitionWatermarks w = new PartitionWatermarks(OOO, IDLE, 0);
        w.onInput("flows/0", 0);
        w.onEventTime("flows/0", T);
        w.onInput("flows/1", 10); // a malformed payload: input, no event time
        assertThat(w.watermark(20)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anExpectedPartitionHoldsItUntilItDeliversOrIdles() {
        PartitionWatermarks w = new PartitionWatermarks(OOO, IDLE, 0);
        w.expect("flows/0");
        w.onInput("flows/1", 1_000);
        w.onEventTime("flows/1", T + 20 * MIN);
        assertThat(w.watermark(1_000)).isEqualTo(Long.MIN_VALUE);
        assertThat(w.partitions()).containsExactlyInAnyOrder("flows/0", "flows/1");
        for (long now = 2_000; now <= 31_000; now += 1_000) {
            w.onInput("flows/1", now);
        }
        assertThat(w.watermark(31_000)).isEqualTo(T + 19 * MIN - 1);
        // without idleness nothing is expected: it would hold for ever
        PartitionWatermarks never = new PartitionWatermarks(OOO, 0, 0);
        never.expect("flows/0");
        assertThat(never.partitions()).isEmpty();
    }

    @Test
    void withoutIdlenessNothingIsEverIdle() {
        PartitionWatermarks w = new PartitionWatermarks(OOO, 0, 0);
        w.onInput("flows/0", 0);
        w.onEventTime("flows/0", T);
        w.onInput("flows/1", 1);
        w.onEventTime("flows/1", T + 10 * MIN);
        assertThat(w.idle(Long.MAX_VALUE / 2)).isFalse();
        assertThat(w.watermark(Long.MAX_VALUE / 2)).isEqualTo(T - MIN - 1);
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> new PartitionWatermarks(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionWatermarks(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
