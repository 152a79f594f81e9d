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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on the real stack: job/target/nsgflow.jar is uploaded to the Flink session cluster
 * over REST, {@code stream} runs the placeholder pipeline, records sent to Kafka arrive in
 * Elasticsearch, and the job is cancelled.
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class, FlinkClusterExtension.class})
class StreamJobOnSessionClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sessionClusterHasOneTaskManagerWithTwoSlots(FlinkSessionCluster flink) {
        JsonNode overview = flink.overview();
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).isEqualTo(FlinkSessionCluster.SLOTS);
    }

    @Test
    void submittedJarMovesKafkaRecordsIntoElasticsearch(KafkaBroker kafka, ElasticsearchNode es,
            FlinkSessionCluster flink) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        String topic = "stream-it-" + System.nanoTime();
        String index = "stream-it-" + System.nanoTime();
        kafka.createTopic(topic, 1);

        FlinkRestClient rest = flink.rest();
        String jarId = rest.uploadJar(jar);
        String jobId = rest.runJar(jarId, List.of("stream",
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.group-id", "stream-it",
                "--flowlog.topic", topic,
                "--elasticsearch.hosts", es.url(),
                "--elasticsearch.index", index,
                "--elasticsearch.bulk.flush-interval", "200 ms"));
        try {
            rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
            assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");

            Set<String> sent = new TreeSet<>();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 20; i++) {
                    String value = "{\"flow\":" + i + "}";
                    sent.add(value);
                    producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
                }
                // blank records are dropped by the pipeline
                producer.send(new ProducerRecord<>(topic, "   ")).get(30, TimeUnit.SECONDS);
            }

            assertThat(awaitRawDocuments(es, index, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
        } finally {
            rest.cancel(jobId, Duration.ofMinutes(1));
            rest.deleteJar(jarId);
        }
        assertThat(rest.jobState(jobId)).isEqualTo("CANCELED");
    }

    /** The "raw" fields in the index, once it holds {@code expected} documents (or after three minutes). */
    private static List<String> awaitRawDocuments(ElasticsearchNode es, String index, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<String> raw = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            es.request("POST", "/" + index + "/_refresh", null);
            HttpResponse<String> search = es.request("GET", "/" + index + "/_search?size=100", null);
            if (search.statusCode() == 200) {
                raw.clear();
                JSON.readTree(search.body()).path("hits").path("hits")
                        .forEach(hit -> raw.add(hit.path("_source").path("raw").asText()));
                if (raw.size() >= expected) {
                    Thread.sleep(1000); // a moment more, so a duplicate or a blank record would show
                    return currentRawDocuments(es, index);
                }
            }
            Thread.sleep(500);
        }
        return raw;
    }

    private static List<String> currentRawDocuments(ElasticsearchNode es, String index) throws Exception {
        es.request("POST", "/" + index + "/_refresh", null);
        HttpResponse<String> search = es.request("GET", "/" + index + "/_search?size=100", null);
        List<String> raw = new ArrayList<>();
        JSON.readTree(search.body()).path("hits").path("hits")
                .forEach(hit -> raw.add(hit.path("_source").path("raw").asText()));
        return raw;
    }
}
