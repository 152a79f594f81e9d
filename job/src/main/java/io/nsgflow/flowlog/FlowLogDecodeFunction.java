package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetterFactory;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw flow-log payloads into FlowRecords; every rejection goes to the {@link #DEAD_LETTERS}
 * side output, FlowRecords and dead letters as the decoder finds them. Metrics (group
 * {@code flowlog}): {@code records} (log records decoded), {@code tuples} (FlowRecords emitted),
 * {@code extraTupleFields} (fields past those a tuple's format defines: such tuples are kept,
 * decoded from the fields known), {@code rejections} and {@code rejectionsByReason.<REASON>}.
 */
public class FlowLogDecodeFunction extends ProcessFunction<RawPayload, FlowRecord> {

    private static final long serialVersionUID = 1L;

    /** Stage name written into dead letters. */
    public static final String STAGE = "flowlog-decoder";

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("flowlog-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final int maxExcerptChars;
    private final DeadLetterFactory deadLetters;

    private transient FlowLogDecoder decoder;
    /** Accumulator (in the job's result, and live through its client) of the payloads decoded: files in replay. */
    public static final String PAYLOADS_ACCUMULATOR = "flowlog.payloads";

    /** Accumulator of the flow tuples decoded. */
    public static final String TUPLES_ACCUMULATOR = "flowlog.tuples";

    private transient LongCounter payloadsDecoded;
    private transient LongCounter tuplesDecoded;
    private transient Counter records;
    private transient Counter tuples;
    private transient Counter extraTupleFields;
    private transient Counter rejections;
    private transient Map<RejectReason, Counter> rejectionsByReason;

    public FlowLogDecodeFunction(int maxPayloadBytes, int maxExcerptChars) {
        this.maxExcerptChars = maxExcerptChars;
        this.deadLetters = new DeadLetterFactory(STAGE, maxPayloadBytes, maxExcerptChars);
    }

    /** With the sizes from {@link FlowLogOptions}. */
    public static FlowLogDecodeFunction from(Configuration conf) {
        FlowLogOptions.validate(conf);
        return new FlowLogDecodeFunction(conf.get(FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES),
                conf.get(FlowLogOptions.DEAD_LETTER_MAX_EXCERPT_CHARS));
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new FlowLogDecoder(maxExcerptChars);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("flowlog");
        records = group.counter("records");
        tuples = group.counter("tuples");
        extraTupleFields = group.counter("extraTupleFields");
        rejections = group.counter("rejections");
        payloadsDecoded = new LongCounter();
        tuplesDecoded = new LongCounter();
        getRuntimeContext().addAccumulator(PAYLOADS_ACCUMULATOR, payloadsDecoded);
        getRuntimeContext().addAccumulator(TUPLES_ACCUMULATOR, tuplesDecoded);
        MetricGroup byReason = group.addGroup("rejectionsByReason");
        rejectionsByReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejectionsByReason.put(reason, byReason.counter(reason.name()));
        }
    }

    @Override
    public void processElement(RawPayload payload, Context ctx, Collector<FlowRecord> out) {
        byte[] bytes = payload.bytes == null ? new byte[0] : payload.bytes;
        long now = System.currentTimeMillis();
        long tuplesBefore = tuples.getCount();
        FlowLogDecoder.Counts counts = decoder.decode(bytes, 0, bytes.length, new FlowLogDecoder.Output() {
            @Override
            public void flowRecord(FlowRecord r) {
                tuples.inc();
                out.collect(r);
            }

            @Override
            public void rejection(Rejection r) {
                rejections.inc();
                rejectionsByReason.get(r.reason()).inc();
                ctx.output(DEAD_LETTERS, deadLetters.of(r.reason().name(), r.message(), payload.origin(r.offset()),
                        location(r), r.excerpt(), bytes, now));
            }
        });
        records.inc(counts.logRecords());
        extraTupleFields.inc(counts.extraFields());
        payloadsDecoded.add(1L);
        tuplesDecoded.add(tuples.getCount() - tuplesBefore);
    }

    /** e.g. {@code document 0, byte 1234: records[0].properties.flows[1].flows[0].flowTuples[3]}. */
    private static String location(Rejection r) {
        return String.format(Locale.ROOT, "document %d, byte %d%s", r.document(), r.offset(),
                r.path().isEmpty() ? "" : ": " + r.path());
    }

    /** Counter values, for tests and diagnostics. */
    long count(String name) {
        return switch (name) {
            case "records" -> records.getCount();
            case "tuples" -> tuples.getCount();
            case "extraTupleFields" -> extraTupleFields.getCount();
            case "rejections" -> rejections.getCount();
            default -> rejectionsByReason.get(RejectReason.valueOf(name)).getCount();
        };
    }
}
