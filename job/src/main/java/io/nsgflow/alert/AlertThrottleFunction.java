package io.nsgflow.alert;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link AlertThrottle} per (type, entity) key, in event time: one timer per noisy key, at the end
 * of its current interval; a key whose run ends keeps neither state nor timer.
 */
public class AlertThrottleFunction extends KeyedProcessFunction<String, Alert, AlertDelivery> {

    private static final long serialVersionUID = 1L;

    private final Duration interval;
    private final int maxEvidenceValues;

    private transient AlertThrottle throttle;
    private transient ValueState<AlertThrottleState> state;
    private transient Counter throttled;
    private transient Counter delivered;

    public AlertThrottleFunction(Duration interval, int maxEvidenceValues) {
        this.interval = interval;
        this.maxEvidenceValues = maxEvidenceValues;
    }

    @Override
    public void open(OpenContext openContext) {
        throttle = new AlertThrottle(interval, maxEvidenceValues);
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("throttle", new AvroTypeInfo<>(AlertThrottleState.class)));
        throttled = getRuntimeContext().getMetricGroup().addGroup("alert").counter("throttled");
        delivered = getRuntimeContext().getMetricGroup().addGroup("alert").counter("toDeliver");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<AlertDelivery> out) throws Exception {
        AlertThrottleState before = state.value();
        Long timerBefore = before == null ? null : before.getIntervalEnd();
        AlertThrottle.Step step = throttle.onAlert(before, alert);
        if (step.folded()) {
            throttled.inc();
        }
        apply(step, timerBefore, ctx.timerService(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertDelivery> out) throws Exception {
        AlertThrottleState before = state.value();
        if (before == null) {
            return; // the run ended at an alert's time before the watermark got here; its timer was deleted
        }
        apply(throttle.onTime(before, timestamp), timestamp, ctx.timerService(), out);
    }

    private void apply(AlertThrottle.Step step, Long timerBefore, org.apache.flink.streaming.api.TimerService timers,
            Collector<AlertDelivery> out) throws Exception {
        for (AlertDelivery d : step.deliveries()) {
            delivered.inc();
            out.collect(d);
        }
        Long timerAfter = step.state() == null ? null : step.state().getIntervalEnd();
        if (timerBefore != null && !timerBefore.equals(timerAfter)) {
            timers.deleteEventTimeTimer(timerBefore);
        }
        if (timerAfter != null && !timerAfter.equals(timerBefore)) {
            timers.registerEventTimeTimer(timerAfter);
        }
        if (step.state() == null) {
            state.clear();
        } else {
            state.update(step.state());
        }
    }
}
