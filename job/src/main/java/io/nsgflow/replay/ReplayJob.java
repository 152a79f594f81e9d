package io.nsgflow.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.aggregate.AggregateDocument;
import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AlertDocument;
import io.nsgflow.alert.delivery.AlertWebhookStreams;
import io.nsgflow.deadletter.DeadLetterJson;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.ReevaluationOptions;
import io.nsgflow.flowlog.FlowLogSources;
import io.nsgflow.flowlog.FlowRecordJson;
import io.nsgflow.ingest.RawPayload;
import io.nsgflow.pipeline.NsgflowPipeline;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.sink.file.JsonLinesFileSink;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The bounded job behind {@code nsgflow replay}: flow-log files and policy snapshot files in, one
 * JSON-lines file per output out, each written by one writer from its typed stream. Runs in BATCH
 * execution mode, so the policy (the broadcast side) is read before any flow and the result does
 * not depend on which source happens to run first. What it counted is in the job's accumulators:
 * {@link FlowCounts#NAME}, {@link #linesAccumulator} of each file, and the decoder's.
 */
public final class ReplayJob {

    public static final String DRIFT = "drift.jsonl";
    public static final String ALERTS = "alerts.jsonl";
    public static final String AGGREGATES = "aggregates.jsonl";
    public static final String WEBHOOKS = "webhooks.jsonl";
    public static final String REJECTED = "rejected.jsonl";
    public static final String UNJUDGED = "unjudged.jsonl";

    /** The files a replay writes, in the order its summary lists them. */
    public static final List<String> FILES = List.of(DRIFT, ALERTS, AGGREGATES, WEBHOOKS, REJECTED, UNJUDGED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayJob() {}

    /** The accumulator that counts the lines written to {@code file}. */
    public static String linesAccumulator(String file) {
        return "replay.lines." + file;
    }

    /**
     * Builds the replay on {@code env} (which it switches to BATCH mode).
     *
     * @param snapshots policy versions, one per snapshot file, already read and validated; they enter
     *     the pipeline once, as its initial policy (a snapshot file may lack the effectiveFrom a policy
     *     message needs)
     * @param outDir the folder of the output files
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf, List<String> flowPaths,
            List<PolicyUpdate> snapshots, Path outDir) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<RawPayload> flowLogs = env
                .fromSource(FlowLogSources.files(flowPaths.toArray(String[]::new)), WatermarkStrategy.noWatermarks(),
                        "flow-log files")
                .uid("flowlog-files");
        // the snapshots, read and validated at start, are the initial policy: no policy message follows
        // (an empty stream; Flink 2.2's fromData of an empty collection fails at run time)
        DataStream<RawPayload> policy = env.fromData(List.of(RawPayload.fromFile(new byte[0], "none")),
                        TypeInformation.of(RawPayload.class))
                .uid("policy-messages-none")
                .name("no policy messages")
                .filter(p -> false)
                .uid("policy-messages-none-filter")
                .name("no policy messages");

        // a bounded run over history needs every snapshot it was given: nothing is pruned
        Configuration pipelineConf = new Configuration(conf);
        pipelineConf.set(ReevaluationOptions.POLICY_ALLOWED_LATENESS, Duration.ofMillis(Long.MAX_VALUE));
        NsgflowPipeline.Outputs out = NsgflowPipeline.build(
                new NsgflowPipeline.Inputs(flowLogs, policy, snapshots), pipelineConf);

        write(out.driftFindings(), outDir, DRIFT, f -> DriftDocument.of(f).toString(), "replay-drift");
        // alerts.jsonl holds what the alerts index would: one document per id, its latest version. An alert
        // that goes on is emitted again under its id (its threshold crossed, then updated, then closed), and
        // the versions may reach here in any order; in BATCH mode the keyed reduce gives only its final value.
        DataStream<Alert> latestAlerts = out.alerts()
                .keyBy(a -> a.getId(), Types.STRING)
                .reduce((a, b) -> b.getRevision() > a.getRevision() ? b : a)
                .uid("replay-alert-latest").name("latest version of each alert");
        write(latestAlerts, outDir, ALERTS, a -> AlertDocument.of(a).toString(), "replay-alerts");
        write(out.aggregates(), outDir, AGGREGATES, a -> AggregateDocument.of(a).toString(), "replay-aggregates");
        write(AlertWebhookStreams.wouldDeliver(out.alerts(), conf), outDir, WEBHOOKS, line -> line, "replay-webhooks");
        write(out.deadLetters(), outDir, REJECTED,
                d -> new String(DeadLetterJson.toJsonBytes(d), StandardCharsets.UTF_8), "replay-rejected");
        DataStream<EvaluatedFlow> unjudged = out.evaluatedFlows()
                .flatMap(new CountFlows(), new AvroTypeInfo<>(EvaluatedFlow.class))
                .uid("replay-count-flows").name("count flows, pass on the starts not judged");
        write(unjudged, outDir, UNJUDGED, ReplayJob::unjudgedJson, "replay-unjudged");
    }

    /** Counts the records into the file's accumulator, then writes them with one writer. */
    private static <T> void write(DataStream<T> records, Path outDir, String file, JsonLinesFileSink.Encoder<T> encoder,
            String uid) {
        DataStream<T> counted = records.map(new CountLines<T>(linesAccumulator(file)), records.getType())
                .setParallelism(1)
                .uid(uid + "-count").name("count " + file);
        JsonLinesFileSink.write(counted, outDir.resolve(file).toUri().toString(), encoder, uid + "-file");
    }

    static String unjudgedJson(EvaluatedFlow e) {
        try (StringWriter w = new StringWriter(); JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", Instant.ofEpochMilli(e.getFlow().getEventTime()).toString());
            g.writeStringField("reason", e.getUnjudgedReason());
            g.writeStringField("policyVersion", e.getPolicyVersion());
            g.writeFieldName("flow");
            FlowRecordJson.write(g, e.getFlow());
            g.writeEndObject();
            g.flush();
            return w.toString();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Passes records on, counting them in an accumulator. */
    private static final class CountLines<T> extends RichMapFunction<T, T> {
        private final String name;
        private transient LongCounter lines;

        CountLines(String name) {
            this.name = name;
        }

        @Override
        public void open(OpenContext openContext) {
            lines = new LongCounter();
            getRuntimeContext().addAccumulator(name, lines);
        }

        @Override
        public T map(T value) {
            lines.add(1L);
            return value;
        }
    }

    /** Counts every evaluated flow into {@link FlowCounts}; passes on the connection starts not judged. */
    private static final class CountFlows extends RichFlatMapFunction<EvaluatedFlow, EvaluatedFlow> {
        private transient FlowCounts counts;

        @Override
        public void open(OpenContext openContext) {
            counts = new FlowCounts();
            getRuntimeContext().addAccumulator(FlowCounts.NAME, counts);
        }

        @Override
        public void flatMap(EvaluatedFlow e, Collector<EvaluatedFlow> out) {
            counts.add(e);
            if (!e.getJudged() && e.getUnjudgedReason() != null) {
                out.collect(e);
            }
        }
    }
}
