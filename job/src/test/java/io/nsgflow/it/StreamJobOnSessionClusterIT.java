package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.FlinkRestClient;
import io.nsgflow.localstack.FlinkSessionCluster;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.localstack.junit.FlinkClusterExtension;
import io.nsgflow.localstack.junit.KafkaExtension;
import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.GroundTruth;
import io.nsgflow.synthetic.MalformedInput;
import io.nsgflow.synthetic.PlantedFinding;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on the real stack: job/target/nsgflow.jar is uploaded to the Flink session cluster
 * over REST and runs {@code stream} on Kafka topics fed with a generated enterprise (policy v1, a
 * change mid-run, ten minutes of flow logs with planted drift and malformed input). The drift
 * findings in Elasticsearch are exactly the planted ones, and the dead-letter topic holds exactly
 * the planted malformed inputs.
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class, FlinkClusterExtension.class})
class StreamJobOnSessionClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void sessionClusterHasOneTaskManagerWithTwoSlots(FlinkSessionCluster flink) {
        JsonNode overview = flink.overview();
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).isEqualTo(FlinkSessionCluster.SLOTS);
    }

    @Test
    void submittedJarFindsExactlyThePlantedDriftAndDeadLettersTheMalformedInput(KafkaBroker kafka,
            ElasticsearchNode es, FlinkSessionCluster flink) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        String run = "session-it-" + System.nanoTime();
        String flowTopic = run + "-flowlogs";
        String policyTopic = run + "-policy";
        String deadLetterTopic = run + "-deadletters";
        kafka.createTopics(1, List.of(flowTopic, policyTopic, deadLetterTopic));

        Instant v1From = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(11, EnterpriseScenario.MIN_NICS, v1From,
                v1From.plus(Duration.ofMinutes(5)));
        FlowLogGenerator generator = new FlowLogGenerator(scenario, 11, v1From,
                new GeneratorOptions(10, 40, 2, 2, 2, 2, 3, 2));
        List<FlowLogBlob> blobs = new ArrayList<>();
        for (int m = 0; m < generator.minutes(); m++) {
            blobs.addAll(generator.minute(m));
        }
        GroundTruth truth = generator.groundTruth();
        assertThat(truth.planted()).hasSize(8);
        assertThat(truth.malformed()).hasSize(3);

        // Both policy versions are on the topic before the job starts and reach the re-evaluator
        // before any flow is sent: flow logs and policy come from separate topics, and a flow after
        // the change judged before v2 arrived would be judged by v1.
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            send(producer, policyTopic, "policy-v1", scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8));
            send(producer, policyTopic, "policy-v2", scenario.changeV2Json().getBytes(StandardCharsets.UTF_8));
        }

        FlinkRestClient rest = flink.rest();
        String jarId = rest.uploadJar(jar);
        String jobId = rest.runJar(jarId, List.of("stream",
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.group-id", run,
                "--kafka.starting-offsets", "earliest",
                "--flowlog.topic", flowTopic,
                "--policy.topic", policyTopic,
                "--deadletter.topic", deadLetterTopic,
                "--elasticsearch.hosts", es.url(),
                "--elasticsearch.index-prefix", run,
                "--elasticsearch.bulk.flush-interval", "200 ms",
                "--checkpoint.interval", "5 s",
                "--flowlog.watermark.out-of-orderness", "1 min"));
        try {
            rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
            awaitRecordsIntoReevaluator(rest, jobId, 2);

            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                for (FlowLogBlob blob : blobs) {
                    send(producer, flowTopic, blob.name(), blob.bytes());
                }
            }
            // every flow (and both policy messages) judged, and the sink's buffer flushed after
            awaitRecordsIntoReevaluator(rest, jobId, truth.tuples() + 2);
            List<String> found = awaitDriftFindings(es, run, truth.planted().size());
            Thread.sleep(2000); // a moment more, so a finding beyond the planted ones would show
            found = driftFindings(es, run);

            assertThat(found).containsExactlyInAnyOrderElementsOf(truth.planted().stream()
                    .map(StreamJobOnSessionClusterIT::key).toList());
            assertThat(deadLetterReasons(kafka, deadLetterTopic, truth.malformed().size()))
                    .containsExactlyInAnyOrderElementsOf(truth.malformed().stream()
                            .map(MalformedInput::reason).map(Enum::name).toList());
            // event time advances through the job on the cluster: with one minute of out-of-orderness
            // and tuples up to the end of minute 9, the windows of minutes 0-7 have closed
            List<Instant> closed = new ArrayList<>();
            for (int m = 0; m <= 7; m++) {
                closed.add(v1From.plus(Duration.ofMinutes(m)));
            }
            assertThat(awaitAggregateWindows(es, run, closed.size())).containsAll(closed);
            assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
        } finally {
            rest.cancel(jobId, Duration.ofMinutes(1));
            rest.deleteJar(jarId);
        }
        assertThat(rest.jobState(jobId)).isEqualTo("CANCELED");
    }

    /** The planted finding as the drift document must show it: type, 5-tuple, event time. */
    private static String key(PlantedFinding p) {
        return String.join(" ", p.type().name().toLowerCase(Locale.ROOT),
                p.srcIp() + ":" + p.srcPort(), "->", p.dstIp() + ":" + p.dstPort(),
                p.protocol().toLowerCase(Locale.ROOT), Instant.ofEpochMilli(p.eventTime()).toString());
    }

    private static String key(JsonNode doc) {
        return String.join(" ", doc.path("nsgflow").path("drift").path("type").asText(),
                doc.path("source").path("ip").asText() + ":" + doc.path("source").path("port").asInt(), "->",
                doc.path("destination").path("ip").asText() + ":" + doc.path("destination").path("port").asInt(),
                doc.path("network").path("transport").asText(), doc.path("@timestamp").asText());
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker kafka) {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until the re-evaluating operator has read at least {@code expected} records (flows and
     * policy messages), by the job's vertex metrics over REST.
     */
    private static void awaitRecordsIntoReevaluator(FlinkRestClient rest, String jobId, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        long read = -1;
        while (System.nanoTime() < deadline) {
            for (JsonNode vertex : rest.job(jobId).path("vertices")) {
                if (vertex.path("name").asText().contains("re-evaluate against policy")) {
                    read = vertex.path("metrics").path("read-records").asLong();
                }
            }
            if (read >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the re-evaluator read " + read + " records, expected " + expected
                + "; job: " + rest.job(jobId));
    }

    private static List<String> awaitDriftFindings(ElasticsearchNode es, String prefix, int expected) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            found = driftFindings(es, prefix);
            if (found.size() >= expected) {
                return found;
            }
            Thread.sleep(500);
        }
        return found;
    }

    private static List<String> driftFindings(ElasticsearchNode es, String prefix) throws Exception {
        es.request("POST", "/" + prefix + "-drift-*/_refresh", null);
        HttpResponse<String> search = es.request("GET", "/" + prefix + "-drift-*/_search?size=1000", null);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        JSON.readTree(search.body()).path("hits").path("hits").forEach(hit -> found.add(key(hit.path("_source"))));
        return found;
    }

    /** The window starts of the aggregates in Elasticsearch, once there are {@code expected} (or after the timeout). */
    private static List<Instant> awaitAggregateWindows(ElasticsearchNode es, String prefix, int expected) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        List<Instant> windows = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            es.request("POST", "/" + prefix + "-aggregates-*/_refresh", null);
            HttpResponse<String> search = es.request("POST", "/" + prefix + "-aggregates-*/_search?size=0",
                    "{\"aggs\":{\"w\":{\"terms\":{\"field\":\"@timestamp\",\"size\":100}}}}");
            if (search.statusCode() == 200) {
                windows.clear();
                JSON.readTree(search.body()).path("aggregations").path("w").path("buckets")
                        .forEach(b -> windows.add(Instant.ofEpochMilli(b.path("key").asLong())));
                if (windows.size() >= expected) {
                    return windows;
                }
            }
            Thread.sleep(500);
        }
        return windows;
    }

    /** The reasons of the letters on the dead-letter topic, once it holds {@code expected} (or after the timeout). */
    private static List<String> deadLetterReasons(KafkaBroker kafka, String topic, int expected) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && reasons.size() < expected) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    reasons.add(JSON.readTree(r.value()).path("reason").asText());
                }
            }
            // a moment more, so a letter beyond the planted ones would show
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> reasons.add(readReason(r.value())));
        }
        return reasons;
    }

    private static String readReason(String json) {
        try {
            return JSON.readTree(json).path("reason").asText();
        } catch (java.io.IOException e) {
            return "unreadable dead letter: " + json;
        }
    }
}
