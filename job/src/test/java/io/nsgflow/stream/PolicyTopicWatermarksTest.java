package io.nsgflow.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The policy input must never hold back event time: no watermark ever, idle at every periodic emit. */
class PolicyTopicWatermarksTest {

    private static final class RecordingOutput implements WatermarkOutput {
        final List<String> calls = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            calls.add("watermark " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            calls.add("idle");
        }

        @Override
        public void markActive() {
            calls.add("active");
        }
    }

    @Test
    void marksTheInputIdleAndEmitsNoWatermarkEvenAfterMessages() {
        WatermarkGenerator<io.nsgflow.ingest.RawPayload> generator = PolicyTopicWatermarks.strategy()
                .createWatermarkGenerator(null);
        RecordingOutput out = new RecordingOutput();

        generator.onPeriodicEmit(out);
        generator.onEvent(null, 1_763_632_800_000L, out);
        generator.onEvent(null, 1_763_632_860_000L, out);
        generator.onPeriodicEmit(out);

        assertThat(out.calls).containsExactly("idle", "idle");
    }
}
