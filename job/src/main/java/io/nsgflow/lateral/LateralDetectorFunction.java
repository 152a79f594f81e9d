package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-source detectors in Flink: keyed by source IP, in event time. Keeps one
 * {@link SourceState} per source (written by {@link SourceStateSerializer}), hands every connection to {@link SourceDetectors} and
 * lets it work when the watermark passes (one timer per source, at its earliest waiting
 * connection, episode close or retention); clears the state when the detectors keep nothing. The
 * allow-list arrives on the broadcast side and replaces the one from the option.
 *
 * <p>A connection is added to a list state of its own and counted in a small
 * {@link SourceSchedule}; the source's whole state (kilobytes of windows and baseline) is read and
 * written only when the detectors work: once per source per watermark step, not per connection.
 * With RocksDB every read deserializes and every write serializes all of it.
 */
public class LateralDetectorFunction extends KeyedBroadcastProcessFunction<String, Connection, AllowList, Alert> {

    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, AllowList> ALLOW_LIST =
            new MapStateDescriptor<>("lateral-allow-list", Types.STRING, TypeInformation.of(AllowList.class));
    static final String CURRENT = "current";

    public static final OutputTag<AdminHop> HOPS = new OutputTag<>("lateral-admin-hops", TypeInformation.of(AdminHop.class));

    static final ValueStateDescriptor<SourceState> STATE =
            new ValueStateDescriptor<>("lateral-source", new SourceStateSerializer());
    static final ListStateDescriptor<Connection> WAITING =
            new ListStateDescriptor<>("lateral-waiting", TypeInformation.of(Connection.class));
    static final ValueStateDescriptor<SourceSchedule> SCHEDULE =
            new ValueStateDescriptor<>("lateral-schedule", TypeInformation.of(SourceSchedule.class));

    private final LateralSettings settings;
    private transient SourceDetectors detectors;
    private transient ValueState<SourceState> state;
    private transient ListState<Connection> waiting;
    private transient ValueState<SourceSchedule> schedule;
    private transient Counter processedEarly;
    private transient Counter alerts;

    public LateralDetectorFunction(LateralSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        detectors = new SourceDetectors(settings);
        state = getRuntimeContext().getState(STATE);
        waiting = getRuntimeContext().getListState(WAITING);
        schedule = getRuntimeContext().getState(SCHEDULE);
        var metrics = getRuntimeContext().getMetricGroup().addGroup("lateral");
        processedEarly = metrics.counter("connectionsProcessedEarly");
        alerts = metrics.counter("alerts");
    }

    @Override
    public void processElement(Connection c, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        waiting.add(c);
        SourceSchedule sch = schedule.value();
        if (sch == null) {
            sch = new SourceSchedule();
        }
        sch.waiting++;
        if (detectors.overflows(sch.waiting)) {
            SourceState s = load();
            processedEarly.inc(detectors.processOverflow(s, allowList(ctx), output(out, ctx)));
            store(s, sch);
        }
        if (c.time < sch.timerAt) {
            // one timer per source at its earliest work, not one per connection
            sch.timerAt = c.time;
            ctx.timerService().registerEventTimeTimer(c.time);
        }
        schedule.update(sch);
    }

    /** The source's state with its waiting connections in it. */
    private SourceState load() throws Exception {
        SourceState s = state.value();
        if (s == null) {
            s = new SourceState();
        }
        List<Connection> w = new ArrayList<>();
        Iterable<Connection> stored = waiting.get();
        if (stored != null) {
            stored.forEach(w::add);
        }
        s.pending = w;
        return s;
    }

    /** Writes the state back, its waiting connections to their own list. */
    private void store(SourceState s, SourceSchedule sch) throws Exception {
        waiting.update(s.pending);
        sch.waiting = s.pending.size();
        s.pending = new ArrayList<>();
        state.update(s);
    }

    private AllowList allowList(ReadOnlyContext ctx) throws Exception {
        AllowList list = ctx.getBroadcastState(ALLOW_LIST).get(CURRENT);
        return list != null ? list : settings.allowList();
    }

    private SourceDetectors.Output output(Collector<Alert> out, ReadOnlyContext ctx) {
        return new SourceDetectors.Output() {
            @Override
            public void alert(Alert alert) {
                alerts.inc();
                out.collect(alert);
            }

            @Override
            public void hop(AdminHop hop) {
                ctx.output(HOPS, hop);
            }
        };
    }

    @Override
    public void processBroadcastElement(AllowList list, Context ctx, Collector<Alert> out) throws Exception {
        ctx.getBroadcastState(ALLOW_LIST).put(CURRENT, list);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        SourceSchedule sch = schedule.value();
        if (sch == null) {
            return; // cleared: a timer registered before the detectors forgot the source
        }
        SourceState s = load();
        // everything up to the watermark being reached is ready (a timer fires once the watermark passed it);
        // at the end of the input (replay's BATCH mode fires a key's timers then) everything is final:
        // no timer registered from here on is relied upon
        long watermark = ctx.timerService().currentWatermark();
        long upTo = watermark == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : Math.max(timestamp, watermark);
        detectors.advance(s, upTo, allowList(ctx), output(out, ctx));
        if (detectors.isEmpty(s)) {
            state.clear();
            waiting.clear();
            schedule.clear();
            return;
        }
        if (timestamp >= sch.timerAt) {
            sch.timerAt = Long.MAX_VALUE; // the registered timer is this one (or an earlier one already passed)
        }
        long next = detectors.nextWakeUp(s);
        if (next != Long.MAX_VALUE && Math.max(next, upTo + 1) < sch.timerAt) {
            sch.timerAt = Math.max(next, upTo + 1);
            ctx.timerService().registerEventTimeTimer(sch.timerAt);
        }
        store(s, sch);
        schedule.update(sch);
    }
}
