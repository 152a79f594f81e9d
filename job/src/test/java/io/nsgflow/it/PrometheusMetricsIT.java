package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.FlinkRestClient;
import io.nsgflow.localstack.FlinkSessionCluster;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.PrometheusEndpoint;
import io.nsgflow.localstack.PrometheusEndpoint.Sample;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.localstack.junit.FlinkClusterExtension;
import io.nsgflow.localstack.junit.KafkaExtension;
import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.GroundTruth;
import io.nsgflow.synthetic.PlantedFinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * nsgflow's metrics as Prometheus sees them: the local session cluster runs Flink's Prometheus
 * reporter (flink-metrics-prometheus on its classpath, as the image of deploy/kubernetes has it),
 * the shaded jar runs {@code stream} on it, and the TaskManager's endpoint is scraped while the
 * job runs. Records decoded, rejected, judged, drift found and documents sent are there under the
 * names README lists, with the values the generated input implies.
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class, FlinkClusterExtension.class})
class PrometheusMetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void theRunningStreamJobsMetricsAreScrapedWithTheirValues(KafkaBroker kafka, ElasticsearchNode es,
            FlinkSessionCluster flink) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        String run = "prometheus-it-" + System.nanoTime();
        String flowTopic = run + "-flowlogs";
        String policyTopic = run + "-policy";
        kafka.createTopics(1, List.of(flowTopic, policyTopic, run + "-deadletters"));

        Instant v1From = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(5, EnterpriseScenario.MIN_NICS, v1From,
                v1From.plus(Duration.ofMinutes(3)));
        FlowLogGenerator generator = new FlowLogGenerator(scenario, 5, v1From,
                new GeneratorOptions(6, 20, 1, 1, 1, 1, 2, 2));
        List<FlowLogBlob> blobs = new ArrayList<>();
        for (int m = 0; m < generator.minutes(); m++) {
            blobs.addAll(generator.minute(m));
        }
        GroundTruth truth = generator.groundTruth();
        Map<String, Long> plantedByType = truth.planted().stream().collect(Collectors.groupingBy(
                (PlantedFinding p) -> p.type().name().toLowerCase(java.util.Locale.ROOT), TreeMap::new,
                Collectors.counting()));
        assertThat(plantedByType).hasSize(4);

        // everything is on the topics before the job starts, as a backlog is: the job reads the policy
        // topic before it starts (policy.read-at-start), so no flow is judged against a version that
        // the policy source had not read yet when the flow came
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            send(producer, policyTopic, "policy-v1", scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8));
            send(producer, policyTopic, "policy-v2", scenario.changeV2Json().getBytes(StandardCharsets.UTF_8));
            for (FlowLogBlob blob : blobs) {
                send(producer, flowTopic, blob.name(), blob.bytes());
            }
        }

        FlinkRestClient rest = flink.rest();
        String jarId = rest.uploadJar(jar);
        String jobId = rest.runJar(jarId, List.of("stream",
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.group-id", run,
                "--kafka.starting-offsets", "earliest",
                "--flowlog.topic", flowTopic,
                "--policy.topic", policyTopic,
                "--deadletter.topic", run + "-deadletters",
                "--elasticsearch.hosts", es.url(),
                "--elasticsearch.index-prefix", run,
                "--elasticsearch.bulk.flush-interval", "200 ms",
                "--checkpoint.interval", "5 s",
                "--flowlog.watermark.out-of-orderness", "1 min"));
        try {
            rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
            PrometheusEndpoint endpoint = flink.taskManagerMetrics();
            Map<String, Double> metrics = awaitDrift(endpoint, jobId, truth.planted().size());

            assertThat(metrics.get(OPERATOR + "flowlog_records")).isEqualTo((double) logRecords(blobs));
            assertThat(metrics.get(OPERATOR + "flowlog_tuples")).isEqualTo((double) truth.tuples());
            assertThat(metrics.get(OPERATOR + "flowlog_rejections")).isEqualTo((double) truth.malformed().size());
            assertThat(metrics.get(OPERATOR + "flowsJudged")).isGreaterThan(0);
            assertThat(metrics.get(OPERATOR + "policy_updates")).isEqualTo(2.0);
            assertThat(metrics.get(OPERATOR + "flowsWaitedForPolicy")).as("flows that waited for a policy version")
                    .isEqualTo(0.0);
            for (Map.Entry<String, Long> planted : plantedByType.entrySet()) {
                assertThat(metrics.get(OPERATOR + "drift_" + planted.getKey()))
                        .as("drift of type " + planted.getKey()).isEqualTo((double) planted.getValue());
            }
            // the drift findings and their alerts reach Elasticsearch at least
            double sent = awaitAtLeast(endpoint, jobId, OPERATOR + "elasticsearch_documentsSent",
                    2.0 * truth.planted().size());
            assertThat(sent).isGreaterThanOrEqualTo(2.0 * truth.planted().size());
            assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
        } finally {
            rest.cancel(jobId, Duration.ofMinutes(1));
            rest.deleteJar(jarId);
        }
    }

    /**
     * The job's operator metrics, summed over subtasks and operators by name, once the drift
     * counters add up to {@code planted} (they count each finding once).
     */
    private static Map<String, Double> awaitDrift(PrometheusEndpoint endpoint, String jobId, int planted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, Double> metrics = Map.of();
        while (System.nanoTime() < deadline) {
            metrics = jobMetrics(endpoint, jobId);
            double drift = metrics.entrySet().stream().filter(e -> e.getKey().startsWith(OPERATOR + "drift_"))
                    .mapToDouble(Map.Entry::getValue).sum();
            if (drift >= planted) {
                return metrics;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("drift counters did not reach " + planted + ": " + metrics);
    }

    private static double awaitAtLeast(PrometheusEndpoint endpoint, String jobId, String name, double expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        double value = 0;
        while (System.nanoTime() < deadline) {
            value = jobMetrics(endpoint, jobId).getOrDefault(name, 0.0);
            if (value >= expected) {
                return value;
            }
            Thread.sleep(500);
        }
        return value;
    }

    private static Map<String, Double> jobMetrics(PrometheusEndpoint endpoint, String jobId) {
        Map<String, Double> byName = new TreeMap<>();
        for (Sample s : endpoint.scrape()) {
            if (jobId.equals(s.labels().get("job_id")) && s.name().startsWith(OPERATOR)) {
                byName.merge(s.name(), s.value(), Double::sum);
            }
        }
        return byName;
    }

    /** Log records in the blobs, counted with a plain JSON parser: a records array's size, 1 for a single record. */
    private static long logRecords(List<FlowLogBlob> blobs) {
        long n = 0;
        for (FlowLogBlob blob : blobs) {
            try {
                JsonNode doc = JSON.readTree(blob.bytes());
                n += doc.has("records") ? doc.path("records").size() : 1;
            } catch (java.io.IOException unreadable) {
                // not JSON: no record
            }
        }
        return n;
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
}
