package io.nsgflow.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.aggregate.AggregateDocument;
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
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded job behind {@code nsgflow replay}: flow-log files and policy snapshot files in, one
 * stream of output lines out. Runs in BATCH execution mode, so the policy (the broadcast side) is
 * read before any flow and the result does not depend on which source happens to run first.
 */
public final class ReplayJob {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeInformation<ReplayLine> LINE = Types.POJO(ReplayLine.class);

    private ReplayJob() {}

    /**
     * Builds the replay on {@code env} (which it switches to BATCH mode).
     *
     * @param snapshots policy versions, each the text of one snapshot file, already validated
     */
    public static DataStream<ReplayLine> build(StreamExecutionEnvironment env, Configuration conf,
            List<String> flowPaths, List<PolicyUpdate> snapshots) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<RawPayload> flowLogs = env
                .fromSource(FlowLogSources.files(flowPaths.toArray(String[]::new)), WatermarkStrategy.noWatermarks(),
                        "flow-log files")
                .uid("flowlog-files");
        List<RawPayload> policyFiles = new ArrayList<>();
        for (PolicyUpdate u : snapshots) {
            policyFiles.add(RawPayload.fromFile(u.getDocument().getBytes(StandardCharsets.UTF_8), "snapshot " + u.getVersion()));
        }
        DataStream<RawPayload> policy = env.fromData(policyFiles, TypeInformation.of(RawPayload.class))
                .uid("policy-snapshot-files")
                .name("policy snapshot files");

        // a bounded run over history needs every snapshot it was given: nothing is pruned
        Configuration pipelineConf = new Configuration(conf);
        pipelineConf.set(ReevaluationOptions.POLICY_ALLOWED_LATENESS, Duration.ofMillis(Long.MAX_VALUE));
        NsgflowPipeline.Outputs out = NsgflowPipeline.build(
                new NsgflowPipeline.Inputs(flowLogs, policy, snapshots), pipelineConf);

        DataStream<ReplayLine> drift = out.driftFindings()
                .map(f -> new ReplayLine(ReplayLine.DRIFT, DriftDocument.of(f).toString()), LINE)
                .uid("replay-drift-lines").name("drift as JSON");
        // alerts.jsonl holds what the alerts index would: one document per id, its latest version. An alert
        // that goes on is emitted again under its id (its threshold crossed, then updated, then closed), and
        // the versions may reach here in any order; in BATCH mode the keyed reduce gives only its final value.
        DataStream<ReplayLine> alerts = out.alerts()
                .keyBy(a -> a.getId(), Types.STRING)
                .reduce((a, b) -> b.getRevision() > a.getRevision() ? b : a)
                .uid("replay-alert-latest").name("latest version of each alert")
                .map(a -> new ReplayLine(ReplayLine.ALERTS, AlertDocument.of(a).toString()), LINE)
                .uid("replay-alert-lines").name("alerts as JSON");
        DataStream<ReplayLine> rejected = out.deadLetters()
                .map(d -> new ReplayLine(ReplayLine.REJECTED, new String(DeadLetterJson.toJsonBytes(d), StandardCharsets.UTF_8)), LINE)
                .uid("replay-rejected-lines").name("dead letters as JSON");
        DataStream<ReplayLine> unjudged = out.evaluatedFlows()
                .filter(e -> !e.getJudged() && e.getUnjudgedReason() != null)
                .uid("replay-unjudged").name("flows not judged")
                .map(e -> new ReplayLine(ReplayLine.UNJUDGED, unjudgedJson(e)), LINE)
                .uid("replay-unjudged-lines").name("flows not judged as JSON");
        DataStream<ReplayLine> counts = out.evaluatedFlows()
                .fullWindowPartition()
                .aggregate(new Count())
                .uid("replay-counts").name("count flows")
                .map(c -> new ReplayLine(ReplayLine.COUNTS, JSON.writeValueAsString(c)), LINE)
                .uid("replay-count-lines").name("counts as JSON");
        DataStream<ReplayLine> aggregates = out.aggregates()
                .map(a -> new ReplayLine(ReplayLine.AGGREGATES, AggregateDocument.of(a).toString()), LINE)
                .uid("replay-aggregate-lines").name("aggregates as JSON");
        DataStream<ReplayLine> webhooks = AlertWebhookStreams.wouldDeliver(out.alerts(), conf)
                .map(json -> new ReplayLine(ReplayLine.WEBHOOKS, json), LINE)
                .uid("replay-webhook-lines").name("webhooks as lines");
        return drift.union(alerts, rejected, unjudged, counts, aggregates, webhooks);
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

    private static final class Count implements AggregateFunction<EvaluatedFlow, FlowCounts, FlowCounts> {
        @Override
        public FlowCounts createAccumulator() {
            return new FlowCounts();
        }

        @Override
        public FlowCounts add(EvaluatedFlow value, FlowCounts acc) {
            acc.add(value);
            return acc;
        }

        @Override
        public FlowCounts getResult(FlowCounts acc) {
            return acc;
        }

        @Override
        public FlowCounts merge(FlowCounts a, FlowCounts b) {
            a.add(b);
            return a;
        }
    }
}
