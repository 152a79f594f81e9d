package io.nsgflow.aggregate;

import io.nsgflow.evaluate.EvaluatedFlow;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Wires the per-minute aggregates: evaluated flows -> contributions (rule, and east-west pair or
 * external peer), pre-aggregated locally between watermarks -> keyed one-minute event-time
 * windows -> totals. A window fires when the
 * watermark passes its end and again for every late tuple within {@link AggregateOptions#ALLOWED_LATENESS};
 * each firing carries the full totals so far (same document id, so the sink overwrites).
 */
public final class AggregateStreams {

    /** Partial totals held before the windows; more keys than this in one watermark interval are sent on early. */
    static final int MAX_PARTIALS = 10_000;

    /** Contributions (partial totals) that came after their window was closed for good. */
    public static final OutputTag<FlowAggregate> TOO_LATE =
            new OutputTag<>("aggregate-too-late", new AvroTypeInfo<>(FlowAggregate.class));

    /** The aggregates, and the contributions that came too late for them (already counted in a metric). */
    public record Result(DataStream<FlowAggregate> aggregates, DataStream<FlowAggregate> tooLate) {}

    private AggregateStreams() {}

    public static DataStream<FlowAggregate> build(DataStream<EvaluatedFlow> evaluated, Configuration conf) {
        return buildWithTooLate(evaluated, conf).aggregates();
    }

    public static Result buildWithTooLate(DataStream<EvaluatedFlow> evaluated, Configuration conf) {
        AggregateOptions.validate(conf);
        AvroTypeInfo<FlowAggregate> type = new AvroTypeInfo<>(FlowAggregate.class);
        SingleOutputStreamOperator<FlowAggregate> totals = evaluated
                // the partials cross the network to the windows with a hand-written serializer; the
                // windows' accumulators (state) and outputs stay Avro
                .transform("aggregate contributions", new FlowAggregateTypeInfo(),
                        new AggregateContributionOperator(MAX_PARTIALS))
                .uid("aggregate-contributions")
                .keyBy(FlowAggregates::key)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(FlowAggregates.WINDOW_MILLIS)))
                .allowedLateness(conf.get(AggregateOptions.ALLOWED_LATENESS))
                .sideOutputLateData(TOO_LATE)
                .aggregate(new Sum(), new StampWindow(), type, type, type)
                .uid("aggregate-windows")
                .name("aggregates per minute");
        DataStream<FlowAggregate> tooLate = totals.getSideOutput(TOO_LATE)
                .map(new CountTooLate(), type)
                .uid("aggregate-too-late")
                .name("tuples too late for aggregates");
        return new Result(totals, tooLate);
    }

    /** Sums contributions; the accumulator is a FlowAggregate (Avro), taking its key from the first. */
    static final class Sum implements AggregateFunction<FlowAggregate, FlowAggregate, FlowAggregate> {
        @Override
        public FlowAggregate createAccumulator() {
            return FlowAggregates.empty();
        }

        @Override
        public FlowAggregate add(FlowAggregate value, FlowAggregate acc) {
            return FlowAggregates.add(acc, value);
        }

        @Override
        public FlowAggregate getResult(FlowAggregate acc) {
            return acc;
        }

        @Override
        public FlowAggregate merge(FlowAggregate a, FlowAggregate b) {
            return FlowAggregates.add(a, b);
        }
    }

    /** Emits a copy of the totals stamped with the window's start (the state keeps its own). */
    static final class StampWindow extends ProcessWindowFunction<FlowAggregate, FlowAggregate, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<FlowAggregate> totals, Collector<FlowAggregate> out) {
            for (FlowAggregate t : totals) {
                out.collect(FlowAggregates.withWindowStart(t, ctx.window().getStart()));
            }
        }
    }

    /**
     * Passes too-late partials on, counting their tuples in {@code aggregateTuplesTooLate} (each tuple
     * is in exactly one RULE partial; its other contribution is passed on but not counted again).
     */
    static final class CountTooLate extends RichMapFunction<FlowAggregate, FlowAggregate> {
        private transient Counter tooLate;

        @Override
        public void open(OpenContext openContext) {
            tooLate = getRuntimeContext().getMetricGroup().counter("aggregateTuplesTooLate");
        }

        @Override
        public FlowAggregate map(FlowAggregate value) {
            if (value.getKind() == AggregateKind.RULE) {
                tooLate.inc(value.getTuples());
            }
            return value;
        }
    }
}
