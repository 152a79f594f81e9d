package io.nsgflow.stream;

import io.nsgflow.ingest.RawPayload;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the policy topic: none, and the input marked idle. Policy messages carry their own
 * effectiveFrom, not the flows' event time; a policy input without watermarks that stayed active
 * would hold the watermark of the re-evaluation (and of everything after it: the aggregate windows,
 * the policy-wait timers) at its minimum forever. Idle, it is left out of the minimum, and a
 * message arriving does not make it active again (only an emitted watermark would).
 */
public final class PolicyTopicWatermarks {

    private PolicyTopicWatermarks() {}

    public static WatermarkStrategy<RawPayload> strategy() {
        return WatermarkStrategy.forGenerator(context -> new AlwaysIdle());
    }

    /** Emits no watermark and reports the input idle at every periodic emit. */
    static final class AlwaysIdle implements WatermarkGenerator<RawPayload> {

        @Override
        public void onEvent(RawPayload event, long eventTimestamp, WatermarkOutput output) {
            // no event time here
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
