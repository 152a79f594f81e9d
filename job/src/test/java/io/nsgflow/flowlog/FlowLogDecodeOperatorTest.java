package io.nsgflow.flowlog;

import static io.nsgflow.flowlog.FlowLogJson.nsgRecord;
import static io.nsgflow.flowlog.FlowLogJson.records;
import static io.nsgflow.flowlog.FlowLogJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.ingest.RawPayload;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The decoding operator in Flink's harness: records carry their tuple's time, watermarks follow the
 * slowest Kafka partition (a reader catching up gets one partition's batch before the other's),
 * dead letters go to the side, the input goes idle and active again, the end of input passes.
 */
class FlowLogDecodeOperatorTest {

    private static final long OOO = 60_000;
    private static final long IDLE = 30_000;
    /** 2023-11-14T22:13:20Z and 20 minutes later, in the NSG v2 tuples' seconds. */
    private static final long T = 1_700_000_000_000L;

    private static RawPayload kafka(int partition, long offset, long epochSeconds) {
        String tuple = epochSeconds + ",10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,";
        return RawPayload.fromKafka(utf8(records(nsgRecord(2, tuple))), "flows", partition, offset);
    }

    private static OneInputStreamOperatorTestHarness<RawPayload, FlowRecord> harness() throws Exception {
        return harness(null);
    }

    private static OneInputStreamOperatorTestHarness<RawPayload, FlowRecord> harness(OperatorSubtaskState restore)
            throws Exception {
        OneInputStreamOperatorTestHarness<RawPayload, FlowRecord> h = new OneInputStreamOperatorTestHarness<>(
                new FlowLogDecodeOperator(new FlowLogDecodeFunction(32, 20), OOO, IDLE));
        h.getExecutionConfig().setAutoWatermarkInterval(200);
        h.setProcessingTime(0);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<RawPayload, FlowRecord> h) {
        List<Long> out = new ArrayList<>();
        h.getOutput().forEach(o -> {
            if (o instanceof Watermark w) {
                out.add(w.getTimestamp());
            }
        });
        return out;
    }

    private static OperatorSubtaskState twoPartitionsSeen() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(kafka(0, 0, T / 1000)));
            h.processElement(new StreamRecord<>(kafka(1, 0, T / 1000)));
            return h.snapshot(1, 0);
        }
    }

    @Test
    void restoredAReaderWaitsForEveryPartitionItReadBeforeItsWatermarkMoves() throws Exception {
        try (var h = harness(twoPartitionsSeen())) {
            // the first batch after the restore is partition 1's, twenty minutes ahead
            h.setProcessingTime(100);
            h.processElement(new StreamRecord<>(kafka(1, 1, T / 1000 + 1200)));
            h.setProcessingTime(1_000);
            assertThat(watermarks(h)).isEmpty();
            h.processElement(new StreamRecord<>(kafka(0, 1, T / 1000 + 60)));
            h.setProcessingTime(1_400);
            assertThat(watermarks(h)).containsExactly(T + 60_000 - OOO - 1);
        }
    }

    @Test
    void aPartitionThatWentToAnotherReaderStopsHoldingItAfterTheIdleness() throws Exception {
        try (var h = harness(twoPartitionsSeen())) {
            for (long now = 1_000; now <= IDLE + 2_000; now += 1_000) {
                h.setProcessingTime(now);
                h.processElement(new StreamRecord<>(kafka(1, now, T / 1000 + 1200)));
            }
            h.setProcessingTime(IDLE + 2_400);
            assertThat(watermarks(h)).containsExactly(T + 1_200_000 - OOO - 1);
        }
    }

    @Test
    void watermarksFollowTheSlowestPartitionSoNothingOfItIsLate() throws Exception {
        try (var h = harness()) {
            // partition 1 twenty minutes ahead, then partition 0 at the start
            h.setProcessingTime(100);
            h.processElement(new StreamRecord<>(kafka(1, 0, T / 1000 + 1200)));
            h.processElement(new StreamRecord<>(kafka(0, 0, T / 1000)));
            h.setProcessingTime(400);
            h.processElement(new StreamRecord<>(kafka(0, 1, T / 1000 + 600)));
            h.setProcessingTime(800);

            List<Long> timestamps = new ArrayList<>();
            List<Long> watermarks = new ArrayList<>();
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    timestamps.add(r.getTimestamp());
                    assertThat(r.getTimestamp()).isEqualTo(((FlowRecord) r.getValue()).getEventTime());
                } else if (o instanceof Watermark w) {
                    watermarks.add(w.getTimestamp());
                }
            }
            assertThat(timestamps).containsExactly(T + 1_200_000, T, T + 600_000);
            // never ahead of partition 0 (which a single watermark over both would be: T + 19 min)
            assertThat(watermarks).containsExactly(T - OOO - 1, T + 600_000 - OOO - 1);
        }
    }

    @Test
    void deadLettersGoToTheSideAndTheEndOfInputPasses() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(RawPayload.fromKafka(utf8("not json"), "flows", 0, 7L)));
            List<DeadLetter> dead = h.getSideOutput(FlowLogDecodeFunction.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(dead).extracting(DeadLetter::getReason).containsExactly("UNREADABLE");
            assertThat(dead.get(0).getOrigin().getOffset()).isEqualTo(7L);
            // an upstream watermark is not this stream's; only the end of input goes on
            h.processWatermark(new Watermark(T));
            assertThat(h.getOutput()).noneMatch(o -> o instanceof Watermark);
            h.processWatermark(Watermark.MAX_WATERMARK);
            assertThat(h.getOutput()).contains(Watermark.MAX_WATERMARK);
        }
    }

    @Test
    void theInputGoesIdleWithoutPayloadsAndActiveWithTheNext() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(kafka(0, 0, T / 1000)));
            h.setProcessingTime(IDLE + 1_000);
            assertThat(h.getOutput()).contains(WatermarkStatus.IDLE);
            h.getOutput().clear();
            h.processElement(new StreamRecord<>(kafka(0, 1, T / 1000 + 60)));
            assertThat(h.getOutput().peek()).isEqualTo(WatermarkStatus.ACTIVE);
        }
    }
}
