package io.nsgflow.flowlog;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;

/** Event time of flow records is the tuple's own time; watermarks allow bounded lateness. */
public final class FlowLogWatermarks {

    private FlowLogWatermarks() {}

    /** From {@link FlowLogOptions#WATERMARK_OUT_OF_ORDERNESS} and {@link FlowLogOptions#WATERMARK_IDLENESS}. */
    public static WatermarkStrategy<FlowRecord> strategy(Configuration conf) {
        FlowLogOptions.validate(conf);
        return strategy(conf.get(FlowLogOptions.WATERMARK_OUT_OF_ORDERNESS), conf.get(FlowLogOptions.WATERMARK_IDLENESS));
    }

    public static WatermarkStrategy<FlowRecord> strategy(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<FlowRecord> s = WatermarkStrategy.<FlowRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((record, previous) -> record.getEventTime());
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }
}
