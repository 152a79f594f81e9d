package io.nsgflow.evaluate;

import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.net.Direction;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyTimeline;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every flow against the policy in force at its event time (the {@link PolicyTimeline} kept
 * in broadcast state). Keyed by NIC (MAC, else local IP). A flow whose time no policy version
 * covers yet waits in keyed state, bounded in count and in event time, and is judged as soon as a
 * version that covers it arrives; what cannot wait is emitted as not judged, with the reason.
 *
 * <p>Versions superseded longer than the allowed lateness before the latest version's effective
 * time are pruned. The horizon depends only on the versions received, never on a subtask's
 * watermark, so every parallel instance applies the same change to its broadcast state (as Flink
 * requires: a restore or rescale may hand any instance's copy to any other) in whatever order the
 * versions reach it. The horizon is kept in broadcast state too: connection starts before it are
 * reported as not judged, also after a restore, instead of being judged against a timeline that
 * lacks their version.
 */
public class PolicyReevaluationFunction
        extends KeyedBroadcastProcessFunction<String, FlowRecord, PolicyUpdate, EvaluatedFlow>
        implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyReevaluationFunction.class);

    public static final MapStateDescriptor<String, PolicyUpdate> POLICY_STATE =
            new MapStateDescriptor<>("policy-timeline", Types.STRING, new AvroTypeInfo<>(PolicyUpdate.class));

    /** The pruning horizon (epoch ms), one entry under {@link #HORIZON}; absent before the first pruning. */
    public static final MapStateDescriptor<String, Long> PRUNED_BEFORE_STATE =
            new MapStateDescriptor<>("policy-pruned-before", Types.STRING, Types.LONG);

    private static final String HORIZON = "horizon";

    static final ListStateDescriptor<FlowRecord> WAITING =
            new ListStateDescriptor<>("flows-waiting-for-policy", new AvroTypeInfo<>(FlowRecord.class));

    static final ValueStateDescriptor<Integer> WAITING_COUNT =
            new ValueStateDescriptor<>("flows-waiting-count", Types.INT);

    private final List<PolicyUpdate> initialPolicy;
    private final long maxWaitMillis;
    private final int maxWaitingPerKey;
    private final long allowedLatenessMillis;

    private transient PolicyTimeline timeline;
    /** Connection starts before this were judged against versions since pruned: set with the timeline. */
    private transient long prunedBefore;
    /**
     * Whether this instance made a flow wait. Only then is keyed state scanned when a version
     * arrives: BATCH execution (replay) reads the broadcast side first and cannot scan keyed state.
     * Flows restored from a checkpoint are released by their timers, which judge them if a
     * version covers them by then.
     */
    private transient boolean flowsWaiting;
    private transient ListState<FlowRecord> waiting;
    private transient ValueState<Integer> waitingCount;
    private transient Counter judged;
    private transient Counter unjudged;
    private transient Counter waited;
    private transient Counter versionsApplied;

    /**
     * @param initialPolicy versions known before the job starts (replay's snapshot files); may be empty
     * @param maxWait how long (event time) a flow waits for a policy that covers it
     * @param maxWaitingPerKey how many flows of one NIC may wait
     * @param allowedLateness versions superseded longer than this before the latest version's
     *     effective time are pruned
     */
    public PolicyReevaluationFunction(
            List<PolicyUpdate> initialPolicy, Duration maxWait, int maxWaitingPerKey, Duration allowedLateness) {
        this.initialPolicy = new ArrayList<>(initialPolicy);
        this.maxWaitMillis = maxWait.toMillis();
        this.maxWaitingPerKey = maxWaitingPerKey;
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    /** The broadcast states the policy stream must be broadcast with ({@code policy.broadcast(...)}). */
    public static MapStateDescriptor<?, ?>[] broadcastStates() {
        return new MapStateDescriptor<?, ?>[] {POLICY_STATE, PRUNED_BEFORE_STATE};
    }

    /** The key of a flow: the NIC that logged it, by MAC, else by its address on that NIC. */
    public static String nicKey(FlowRecord f) {
        if (f.getMac() != null) {
            return f.getMac();
        }
        return f.getDirection() == Direction.INBOUND ? f.getDstIp() : f.getSrcIp();
    }

    /**
     * Builds the timeline before the first element: from the initial versions and the broadcast
     * state (restored, or empty), and compiles the latest version, which new flows need first.
     * Nothing of this is needed for correctness ({@link #timeline} builds it on first use
     * otherwise); it takes the work off the first flow, and the per-flow path never sees an
     * unbuilt timeline.
     */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        timeline = null;
        var store = context.getOperatorStateStore();
        // at() compiles the version it returns
        timeline(store.getBroadcastState(POLICY_STATE).immutableEntries(),
                store.getBroadcastState(PRUNED_BEFORE_STATE).get(HORIZON)).at(Long.MAX_VALUE);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // everything is in the broadcast and keyed state already
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getListState(WAITING);
        waitingCount = getRuntimeContext().getState(WAITING_COUNT);
        var metrics = getRuntimeContext().getMetricGroup();
        judged = metrics.counter("flowsJudged");
        unjudged = metrics.counter("flowsNotJudged");
        waited = metrics.counter("flowsWaitedForPolicy");
        versionsApplied = metrics.counter("policyVersionsApplied");
    }

    @Override
    public void processElement(FlowRecord flow, ReadOnlyContext ctx, Collector<EvaluatedFlow> out) throws Exception {
        PolicyTimeline t = timeline(ctx.getBroadcastState(POLICY_STATE).immutableEntries(),
                ctx.getBroadcastState(PRUNED_BEFORE_STATE).get(HORIZON));
        long time = flow.getEventTime();
        if (!ConnectionStarts.begins(flow) || t.covers(time)) {
            emit(flow, out);
            return;
        }
        Integer count = waitingCount.value();
        int n = count == null ? 0 : count;
        if (n >= maxWaitingPerKey) {
            emitUnjudged(flow, "no policy in force at " + Instant.ofEpochMilli(time)
                    + " and " + n + " flows of this NIC already wait for one", out);
            return;
        }
        waiting.add(flow);
        waitingCount.update(n + 1);
        flowsWaiting = true;
        waited.inc();
        ctx.timerService().registerEventTimeTimer(time + maxWaitMillis);
    }

    @Override
    public void processBroadcastElement(PolicyUpdate update, Context ctx, Collector<EvaluatedFlow> out) throws Exception {
        BroadcastState<String, PolicyUpdate> state = ctx.getBroadcastState(POLICY_STATE);
        BroadcastState<String, Long> pruned = ctx.getBroadcastState(PRUNED_BEFORE_STATE);
        PolicyTimeline t = timeline(state.immutableEntries(), pruned.get(HORIZON));
        try {
            t.add(update);
        } catch (PolicyValidationException e) {
            // the policy decoder validated it; reaching here means a version mismatch of the reader
            LOG.error("Ignoring policy version {} that cannot be read: {}", update.getVersion(), e.getMessage());
            return;
        }
        state.put(PolicyUpdates.key(update), update);
        versionsApplied.inc();
        long latest = t.latestEffectiveFrom();
        if (latest > Long.MIN_VALUE + allowedLatenessMillis) {
            // pruned again even when the horizon stays: a late version behind it may be superseded already
            long horizon = Math.max(prunedBefore, latest - allowedLatenessMillis);
            for (PolicyUpdate dropped : t.pruneBefore(horizon)) {
                state.remove(PolicyUpdates.key(dropped));
            }
            if (horizon > prunedBefore) {
                prunedBefore = horizon;
                pruned.put(HORIZON, horizon);
            }
        }
        if (flowsWaiting) {
            releaseWaitingFlows(ctx, t, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EvaluatedFlow> out) throws Exception {
        PolicyTimeline t = timeline(ctx.getBroadcastState(POLICY_STATE).immutableEntries(),
                ctx.getBroadcastState(PRUNED_BEFORE_STATE).get(HORIZON));
        List<FlowRecord> keep = new ArrayList<>();
        for (FlowRecord flow : waiting.get()) {
            if (t.covers(flow.getEventTime())) {
                emit(flow, out);
            } else if (flow.getEventTime() + maxWaitMillis <= timestamp) {
                emitUnjudged(flow, "no policy in force at " + Instant.ofEpochMilli(flow.getEventTime())
                        + " arrived within " + Duration.ofMillis(maxWaitMillis), out);
            } else {
                keep.add(flow);
            }
        }
        updateWaiting(waiting, keep);
        waitingCount.update(keep.isEmpty() ? null : keep.size());
    }

    private void releaseWaitingFlows(Context ctx, PolicyTimeline t, Collector<EvaluatedFlow> out) throws Exception {
        Map<String, Integer> remaining = new HashMap<>();
        ctx.applyToKeyedState(WAITING, (key, flows) -> {
            List<FlowRecord> keep = new ArrayList<>();
            boolean released = false;
            for (FlowRecord flow : flows.get()) {
                if (t.covers(flow.getEventTime())) {
                    emit(flow, out);
                    released = true;
                } else {
                    keep.add(flow);
                }
            }
            if (released) {
                updateWaiting(flows, keep);
                remaining.put(key, keep.size());
            }
        });
        if (!remaining.isEmpty()) {
            ctx.applyToKeyedState(WAITING_COUNT, (key, count) -> {
                Integer left = remaining.get(key);
                if (left != null) {
                    count.update(left == 0 ? null : left);
                }
            });
        }
    }

    private static void updateWaiting(ListState<FlowRecord> flows, List<FlowRecord> keep) throws Exception {
        if (keep.isEmpty()) {
            flows.clear();
        } else {
            flows.update(keep);
        }
    }

    private void emit(FlowRecord flow, Collector<EvaluatedFlow> out) {
        EvaluatedFlow e;
        if (ConnectionStarts.begins(flow) && flow.getEventTime() < prunedBefore) {
            e = FlowEvaluator.notJudged(flow, "older than the allowed lateness: its policy version was pruned");
        } else {
            e = FlowEvaluator.evaluate(flow, timeline.at(flow.getEventTime()));
        }
        if (e.getJudged()) {
            judged.inc();
        } else if (e.getUnjudgedReason() != null) {
            unjudged.inc();
        }
        out.collect(e);
    }

    private void emitUnjudged(FlowRecord flow, String reason, Collector<EvaluatedFlow> out) {
        unjudged.inc();
        out.collect(FlowEvaluator.notJudged(flow, reason));
    }

    /**
     * The in-memory timeline, built from broadcast state on first use (also after a restore), with
     * the initial versions pruned at the stored horizon as they were before.
     */
    private PolicyTimeline timeline(Iterable<Map.Entry<String, PolicyUpdate>> stored, Long storedHorizon)
            throws PolicyValidationException {
        if (timeline == null) {
            PolicyTimeline t = new PolicyTimeline();
            for (PolicyUpdate u : initialPolicy) {
                t.add(u);
            }
            for (Map.Entry<String, PolicyUpdate> e : stored) {
                t.add(e.getValue());
            }
            prunedBefore = storedHorizon == null ? Long.MIN_VALUE : storedHorizon;
            if (storedHorizon != null) {
                t.pruneBefore(storedHorizon);
            }
            timeline = t;
        }
        return timeline;
    }
}
