package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.alert.delivery.AlertOptions;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.ingest.RawPayload;
import io.nsgflow.kafka.KafkaConnectors;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.ingest.RawPayloadKafkaDeserializer;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.localstack.junit.KafkaExtension;
import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
import io.nsgflow.sink.webhook.TestReceiver;
import io.nsgflow.sink.webhook.WebhookOptions;
import io.nsgflow.stream.ElasticsearchOutputs;
import io.nsgflow.stream.StreamJob;
import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.LateralScenario;
import io.nsgflow.synthetic.GroundTruth;
import io.nsgflow.synthetic.PlantedFinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream job on a local Flink runtime against the real Kafka, the real Elasticsearch and a real local
 * webhook receiver (every 7th request answered 503), fed by
 * the synthetic enterprise with planted drift and lateral movement (a port scan, a host sweep,
 * probing until allowed), failed on purpose after its first checkpoint and restarted from it, with
 * RocksDB state as the Kubernetes manifests have it.
 * Expectations come from the generator's ground truth and from decoding the sent blobs directly,
 * never from the job.
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class})
class StreamJobIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set once the injected failure has happened, so the restarted job runs through. */
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    /** Set when the job completed a checkpoint; the second half of the input is sent only then. */
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final String WEBHOOK_SECRET = "stream-it-webhook-secret";

    private TestReceiver receiver;

    @Test
    void resultsMatchTheGroundTruthWithNothingLostOrDuplicatedAcrossARestart(KafkaBroker kafka, ElasticsearchNode es)
            throws Exception {
        String run = "stream-it-" + System.nanoTime();
        String flowTopic = run + "-flows";
        String policyTopic = run + "-policy";
        String dlqTopic = run + "-dlq";
        kafka.createTopic(flowTopic, 2);
        kafka.createTopic(policyTopic, 1);
        kafka.createTopic(dlqTopic, 1);

        Instant start = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(7, 20, start, start.plus(Duration.ofMinutes(6)));
        FlowLogGenerator generator = new FlowLogGenerator(scenario, 7, start,
                GeneratorOptions.defaults().withMinutes(12).withConnectionsPerMinute(60).withDriftPerType(2)
                        .withMalformed(2).withCarriedConnections(2));
        generator.plant(LateralScenario.burst(scenario, start.toEpochMilli()));
        long expectedBytes = 0;
        long expectedTuples = 0;
        FlowLogDecoder decoder = new FlowLogDecoder();
        List<byte[]> blobs = new java.util.ArrayList<>();
        for (int m = 0; m < generator.minutes(); m++) {
            for (FlowLogBlob blob : generator.minute(m)) {
                blobs.add(blob.bytes());
                for (FlowRecord r : decoder.decode(blob.bytes()).flowRecords()) {
                    expectedTuples++;
                    expectedBytes += value(r.getBytesSrcToDst()) + value(r.getBytesDstToSrc());
                }
            }
        }
        // the job stops at the offsets it will reach once every blob is in: the topic is new, blob i goes to partition i % 2
        Map<org.apache.kafka.common.TopicPartition, Long> end = Map.of(
                new org.apache.kafka.common.TopicPartition(flowTopic, 0), (long) (blobs.size() + 1) / 2,
                new org.apache.kafka.common.TopicPartition(flowTopic, 1), (long) blobs.size() / 2);
        int firstHalf = blobs.size() / 2;
        var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.send(new ProducerRecord<>(policyTopic, scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(policyTopic, scenario.changeV2Json().getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < firstHalf; i++) {
            producer.send(new ProducerRecord<>(flowTopic, i % 2, null, blobs.get(i)));
        }
        producer.flush();
        GroundTruth truth = generator.groundTruth();
        assertThat(expectedTuples).isEqualTo(truth.tuples());

        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.DEADLETTER_TOPIC, dlqTopic);
        conf.setString(ElasticsearchOptions.HOSTS.key(), es.url());
        conf.set(ElasticsearchOptions.INDEX_PREFIX, run);
        conf.setString("flowlog.watermark.out-of-orderness", "1 min");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // the Kubernetes manifests' state backend: the restart below restores every operator's state from RocksDB
        // (the session-cluster ITs run on the heap backend)
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // every alert as a webhook, to a real local server; a 1 ms throttle interval sends each at once
        receiver = TestReceiver.http().answering((n, r) -> TestReceiver.Answer.of(n % 7 == 3 ? 503 : 200));
        conf.set(WebhookOptions.URLS, List.of(receiver.url("/alerts").toString()));
        conf.set(WebhookOptions.SECRET, WEBHOOK_SECRET);
        conf.set(WebhookOptions.RETRY_INITIAL_BACKOFF, Duration.ofMillis(50));
        conf.setString(AlertOptions.MIN_SEVERITY.key(), "low");
        conf.setString(AlertOptions.THROTTLE_INTERVAL.key(), "1 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        FAILED.set(false);
        CHECKPOINTED.set(false);
        StreamJob.Sources sources = new StreamJob.Sources(
                env.fromSource(source(kafka, flowTopic, OffsetsInitializer.offsets(end)), WatermarkStrategy.noWatermarks(),
                                "flows")
                        .uid("it-flows")
                        .map(new FailOnceAfterACheckpoint(), TypeInformation.of(RawPayload.class))
                        .uid("it-fail-once"),
                env.fromSource(source(kafka, policyTopic, OffsetsInitializer.latest()), WatermarkStrategy.noWatermarks(),
                                "policy")
                        .uid("it-policy"));
        StreamJob.build(conf, sources,
                new StreamJob.Sinks(ElasticsearchOptions.sink(conf, ElasticsearchOutputs.templates()), KafkaConnectors.deadLetters(conf)), List.of());
        var job = env.executeAsync("stream job IT");
        long checkpointDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!CHECKPOINTED.get() && System.nanoTime() < checkpointDeadline) {
            Thread.sleep(100);
        }
        assertThat(CHECKPOINTED).as("a checkpoint completed while the first half was processed").isTrue();
        for (int i = firstHalf; i < blobs.size(); i++) {
            producer.send(new ProducerRecord<>(flowTopic, i % 2, null, blobs.get(i)));
        }
        producer.close();
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);

        es.request("POST", "/" + run + "-*/_refresh", null);
        List<JsonNode> drift = search(es, run + "-drift-*");
        Map<String, Integer> expectedPerType = new HashMap<>();
        truth.plantedPerType().forEach((t, n) -> expectedPerType.put(DriftDocument.typeName(t), n));
        assertThat(drift.stream().collect(Collectors.groupingBy(d -> d.at("/nsgflow/drift/type").asText(),
                Collectors.summingInt(d -> 1)))).isEqualTo(expectedPerType);
        Set<String> expectedTuples5 = new HashSet<>();
        for (PlantedFinding p : truth.planted()) {
            expectedTuples5.add(p.srcIp() + ":" + p.srcPort() + ">" + p.dstIp() + ":" + p.dstPort());
        }
        assertThat(drift.stream().map(d -> d.at("/source/ip").asText() + ":" + d.at("/source/port").asInt() + ">"
                + d.at("/destination/ip").asText() + ":" + d.at("/destination/port").asInt())
                .collect(Collectors.toSet())).isEqualTo(expectedTuples5);
        List<JsonNode> alerts = search(es, run + "-alerts-*");
        assertThat(alerts.stream().filter(a -> a.at("/nsgflow/alert/type").asText().startsWith("drift."))).hasSize(truth.planted().size());
        // lateral movement next to the drift: exactly the planted attacks, each with its attacker and hosts
        assertThat(truth.lateral()).hasSize(3);
        assertThat(alerts.stream().filter(a -> a.at("/nsgflow/alert/type").asText().startsWith("lateral."))
                .map(a -> {
                    Set<String> hosts = new java.util.TreeSet<>();
                    a.at("/related/ip").forEach(ip -> hosts.add(ip.asText()));
                    return a.at("/nsgflow/alert/type").asText() + " " + a.at("/nsgflow/alert/entity").asText() + " " + hosts;
                }).toList())
                .containsExactlyInAnyOrderElementsOf(truth.lateral().stream()
                        .map(p -> "lateral." + p.type() + " " + p.entity() + " " + new java.util.TreeSet<>(p.path())).toList());
        assertThat(alerts).hasSize(truth.planted().size() + truth.lateral().size());
        assertWebhooksDeliveredEveryAlertAtLeastOnce(alerts);

        JsonNode sum = JSON.readTree(es.request("POST", "/" + run + "-aggregates-*/_search", """
                {"size": 0, "query": {"term": {"nsgflow.aggregate.kind": "rule"}},
                 "aggs": {"bytes": {"sum": {"field": "network.bytes"}}}}""").body());
        assertThat(sum.at("/aggregations/bytes/value").asLong()).isEqualTo(expectedBytes);

        Set<String> deadLetters = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, run + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlqTopic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (deadLetters.size() < truth.malformed().size() && System.nanoTime() < deadline) {
                // at-least-once: a dead letter may be written again after the restart; count distinct origins
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    deadLetters.add(JSON.readTree(r.value()).at("/origin").toString());
                }
            }
        }
        assertThat(deadLetters).hasSize(truth.malformed().size());
        assertThat(FAILED).as("the injected failure happened").isTrue();
    }

    /**
     * Every alert in Elasticsearch reached the receiver (at least once across the restart and the
     * 503s), signed, under the key {@code <alert id>:1}: as its document, or, when the alert went on
     * after its threshold was crossed, as its first version; a repeat is the same request.
     */
    private void assertWebhooksDeliveredEveryAlertAtLeastOnce(List<JsonNode> alerts) throws Exception {
        Set<String> ids = alerts.stream().map(a -> a.at("/event/id").asText()).collect(Collectors.toSet());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, String> bodyByKey = new HashMap<>();
        while (System.nanoTime() < deadline) {
            bodyByKey.clear();
            for (TestReceiver.Received r : receiver.received()) {
                assertThat(TestReceiver.signedWith(r, WEBHOOK_SECRET)).isTrue();
                String before = bodyByKey.putIfAbsent(r.header("Idempotency-Key"), r.bodyText());
                assertThat(before == null || before.equals(r.bodyText())).as("a repeated key carries the same body").isTrue();
            }
            if (bodyByKey.size() >= ids.size()) {
                break;
            }
            Thread.sleep(200);
        }
        receiver.close();
        assertThat(bodyByKey.keySet()).containsAll(ids.stream().map(id -> id + ":1").collect(Collectors.toSet()));
        for (JsonNode a : alerts) {
            JsonNode first = JSON.readTree(bodyByKey.get(a.at("/event/id").asText() + ":1"));
            if (a.at("/nsgflow/alert/revision").asLong() == 0) {
                assertThat(first).isEqualTo(a);
            } else {
                // an alert that went on: delivered when its threshold was crossed (its first version);
                // Elasticsearch holds its latest
                assertThat(first.at("/event/id")).isEqualTo(a.at("/event/id"));
                assertThat(first.at("/nsgflow/alert/entity")).isEqualTo(a.at("/nsgflow/alert/entity"));
                assertThat(first.at("/nsgflow/alert/revision").asLong()).isZero();
            }
        }
        // anything else delivered is a later version of an alert (<id>.<revision>:1) or a summary of its type and entity
        for (String key : bodyByKey.keySet()) {
            String id = key.substring(0, key.lastIndexOf(':'));
            assertThat(ids).contains(id.contains(".") ? id.substring(0, id.indexOf('.')) : id);
        }
    }

    private static long value(Long counter) {
        return counter == null ? 0 : counter;
    }

    private static KafkaSource<RawPayload> source(KafkaBroker kafka, String topic, OffsetsInitializer stopAt) {
        return KafkaSource.<RawPayload>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId("stream-it")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(stopAt)
                .setDeserializer(new RawPayloadKafkaDeserializer())
                .build();
    }

    private static List<JsonNode> search(ElasticsearchNode es, String index) throws Exception {
        JsonNode hits = JSON.readTree(es.request("POST", "/" + index + "/_search?size=1000",
                "{\"query\":{\"match_all\":{}}}").body()).at("/hits/hits");
        List<JsonNode> out = new java.util.ArrayList<>();
        hits.forEach(h -> out.add(h.get("_source")));
        return out;
    }

    /** Forces one failure after a checkpoint completed: a fake only for what a real system cannot do on demand. */
    private static final class FailOnceAfterACheckpoint implements MapFunction<RawPayload, RawPayload>, CheckpointListener {

        @Override
        public RawPayload map(RawPayload value) {
            // records of the second half arrive only after a checkpoint: the first of them fails the job once
            if (CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("failure injected by the test");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
