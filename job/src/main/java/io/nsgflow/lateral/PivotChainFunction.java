package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The pivot-chain detector in Flink. Hops of a chain belong to different sources, so all admin-port
 * hops meet under one key ({@link #KEY}); they are few (allowed east-west admin connections only).
 * Keeps one {@link PivotState}; a timer at each hop's time lets {@link PivotChains} process the hops
 * in event-time order once the watermark passes them, and forgets hops and chains past their
 * horizon; the state is cleared when nothing is left.
 */
public class PivotChainFunction extends KeyedProcessFunction<String, AdminHop, Alert> {

    private static final long serialVersionUID = 1L;

    public static final String KEY = "network";

    static final ValueStateDescriptor<PivotState> STATE =
            new ValueStateDescriptor<>("lateral-pivot", TypeInformation.of(PivotState.class));

    private final LateralSettings settings;
    private transient PivotChains chains;
    private transient ValueState<PivotState> state;

    public PivotChainFunction(LateralSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        chains = new PivotChains(settings);
        state = getRuntimeContext().getState(STATE);
    }

    @Override
    public void processElement(AdminHop hop, Context ctx, Collector<Alert> out) throws Exception {
        PivotState s = state.value();
        if (s == null) {
            s = new PivotState();
        }
        chains.offer(s, hop, out::collect);
        state.update(s);
        ctx.timerService().registerEventTimeTimer(hop.time);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        PivotState s = state.value();
        if (s == null) {
            return;
        }
        // at the end of the input (replay's BATCH mode fires the timers then) everything is final
        long upTo = ctx.timerService().currentWatermark() == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : timestamp;
        chains.advance(s, upTo, out::collect);
        if (chains.isEmpty(s)) {
            state.clear();
            return;
        }
        state.update(s);
        long next = chains.nextWakeUp(s);
        if (next != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(Math.max(next, timestamp + 1));
        }
    }
}
