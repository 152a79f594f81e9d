package io.nsgflow.stream;

import io.nsgflow.alert.delivery.AlertWebhookStreams;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.flowlog.FlowLogOptions;
import io.nsgflow.ingest.RawPayload;
import io.nsgflow.kafka.KafkaConnectors;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.pipeline.NsgflowPipeline;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.util.List;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The unbounded job: flow logs and policy messages from their sources, drift findings, alerts and
 * aggregates to Elasticsearch, dead letters to their own sink. Sources and sinks are injected, so
 * {@code stream} passes Kafka and Elasticsearch and tests pass whatever they need.
 */
public final class StreamJob {

    /** What the job reads: raw flow-log payloads and raw policy messages. */
    public record Sources(DataStream<RawPayload> flowLogs, DataStream<RawPayload> policyMessages) {

        /** Both from Kafka (the {@code stream} command). */
        public static Sources kafka(StreamExecutionEnvironment env, Configuration conf) {
            // event time comes from the tuples, after decoding: the sources only deliver bytes
            return new Sources(
                    env.fromSource(KafkaConnectors.rawPayloads(conf, conf.get(KafkaOptions.FLOWLOG_TOPIC)),
                                    WatermarkStrategy.noWatermarks(), "flow-log topic")
                            .uid("flowlog-source"),
                    // the policy topic is a changelog: a job without state needs it from its start, whatever
                    // kafka.starting-offsets says for the flows
                    env.fromSource(KafkaConnectors.rawPayloads(conf, conf.get(KafkaOptions.POLICY_TOPIC),
                                            OffsetsInitializer.earliest()),
                                    PolicyTopicWatermarks.strategy(), "policy topic")
                            .uid("policy-source"));
        }
    }

    /** Where the job writes. */
    public record Sinks(Sink<ElasticsearchDocument> documents, Sink<DeadLetter> deadLetters) {}

    private StreamJob() {}

    /**
     * Adds the job to the environment of the sources.
     *
     * @param initialPolicy versions to judge with before the policy topic delivers any (may be empty)
     */
    public static void build(Configuration conf, Sources sources, Sinks sinks, List<PolicyUpdate> initialPolicy) {
        NsgflowPipeline.Outputs out = NsgflowPipeline.build(
                new NsgflowPipeline.Inputs(sources.flowLogs(), sources.policyMessages(), initialPolicy), conf);

        TypeInformation<ElasticsearchDocument> doc = TypeInformation.of(ElasticsearchDocument.class);
        DataStream<ElasticsearchDocument> drift = out.driftFindings()
                .map(ElasticsearchOutputs::drift, doc).uid("drift-documents").name("drift documents");
        DataStream<ElasticsearchDocument> alerts = out.alerts()
                .map(ElasticsearchOutputs::alert, doc).uid("alert-documents").name("alert documents");
        DataStream<ElasticsearchDocument> aggregates = out.aggregates()
                .map(ElasticsearchOutputs::aggregate, doc).uid("aggregate-documents").name("aggregate documents");
        drift.union(alerts, aggregates)
                .sinkTo(sinks.documents()).uid("elasticsearch-sink").name("Elasticsearch");
        DataStream<DeadLetter> deadLetters = out.deadLetters();
        if (WebhookOptions.enabled(conf)) { // alerts -> throttle -> webhooks; failed deliveries are dead letters
            deadLetters = deadLetters.union(AlertWebhookStreams.deliver(out.alerts(), conf,
                    conf.get(FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES)));
        }
        deadLetters.sinkTo(sinks.deadLetters()).uid("deadletter-sink").name("dead letters");
    }
}
