package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs the {@link FlowLogDecodeFunction} and gives its records their event time and watermarks per
 * input partition ({@link PartitionWatermarks}): Kafka payloads by topic and partition, files all
 * as one input. An operator rather than decoding followed by {@code assignTimestampsAndWatermarks}
 * because only here is it known which partition a record came from; Kafka's own per-partition
 * watermarks cannot be had, since the event times are only known after decoding.
 *
 * <p>Watermarks go out every {@code pipeline.auto-watermark-interval}, never backwards; the input
 * is marked idle after {@code idleness} without payloads. Upstream watermarks are ignored except
 * the end of input. The partitions seen are checkpointed (union list state): restored, each
 * reader expects them all, so the partition whose first batch comes later still holds the watermark
 * back (a partition that went to another reader in a rescale stops doing so after {@code idleness}).
 */
final class FlowLogDecodeOperator extends AbstractUdfStreamOperator<FlowRecord, FlowLogDecodeFunction>
        implements OneInputStreamOperator<RawPayload, FlowRecord>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final long outOfOrderness;
    private final long idleness;

    private transient PartitionWatermarks watermarks;
    private transient long interval;
    private transient long emitted;
    private transient boolean idle;
    private transient String partition;
    private transient StreamRecord<FlowRecord> reuse;
    private transient Collector<FlowRecord> records;
    private transient FlowLogDecodeFunction.Context context;
    private transient ListState<String> partitionsState;
    private transient List<String> restoredPartitions;

    FlowLogDecodeOperator(FlowLogDecodeFunction decode, long outOfOrdernessMillis, long idlenessMillis) {
        super(decode);
        this.outOfOrderness = outOfOrdernessMillis;
        this.idleness = idlenessMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        partitionsState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("flowlog-partitions", Types.STRING));
        restoredPartitions = new ArrayList<>();
        if (context.isRestored()) {
            partitionsState.get().forEach(restoredPartitions::add);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        partitionsState.update(new ArrayList<>(watermarks.partitions()));
    }

    @Override
    public void open() throws Exception {
        super.open();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        watermarks = new PartitionWatermarks(outOfOrderness, idleness, now);
        restoredPartitions.forEach(watermarks::expect);
        emitted = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
        records = new Collector<>() {
            @Override
            public void collect(FlowRecord r) {
                watermarks.onEventTime(partition, r.getEventTime());
                output.collect(reuse.replace(r, r.getEventTime()));
            }

            @Override
            public void close() {}
        };
        context = userFunction.new Context() {
            @Override
            public Long timestamp() {
                return null;
            }

            @Override
            public TimerService timerService() {
                throw new UnsupportedOperationException("the flow-log decoder sets no timers");
            }

            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                output.collect(tag, new StreamRecord<>(value));
            }
        };
        interval = getExecutionConfig().getAutoWatermarkInterval();
        if (interval > 0) {
            getProcessingTimeService().registerTimer(now + interval, this);
        }
    }

    @Override
    public void processElement(StreamRecord<RawPayload> element) throws Exception {
        RawPayload payload = element.getValue();
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        partition = payload.topic != null ? payload.topic + "/" + payload.partition : "files";
        watermarks.onInput(partition, getProcessingTimeService().getCurrentProcessingTime());
        userFunction.processElement(payload, context, records);
    }

    @Override
    public void onProcessingTime(long timestamp) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (watermarks.idle(now)) {
            if (!idle) {
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
        } else {
            emit(watermarks.watermark(now));
        }
        getProcessingTimeService().registerTimer(now + interval, this);
    }

    private void emit(long watermark) {
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /** Only the end of input goes on: the watermarks of this stream are made here. */
    @Override
    public void processWatermark(Watermark mark) {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            if (idle) {
                idle = false;
                output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            }
            emit(Long.MAX_VALUE);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // whether this input is idle is decided here, from the partitions' payloads
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        if (!idle) {
            emit(watermarks.watermark(getProcessingTimeService().getCurrentProcessingTime()));
        }
    }
}
