package io.nsgflow.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The README's end-to-end run: starts the stack, submits nsgflow.jar to the session cluster over
 * REST, feeds records into Kafka and shows what arrived in Elasticsearch.
 */
final class Demo {

    static final String TOPIC = "nsg-flowlogs";
    static final String INDEX = "nsgflow-raw";
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(180);

    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    Demo(PrintStream out) {
        this.out = out;
    }

    int run(Path baseDir, Path jar, int records, boolean keep) throws Exception {
        LocalStack stack = LocalStackMain.startAndDescribe(baseDir, out);
        boolean closed = false;
        try {
            stack.kafka().createTopic(TOPIC, 1);
            FlinkRestClient flink = stack.flink().rest();
            out.println("uploading " + jar + " to " + stack.flink().restUrl() + " ...");
            String jarId = flink.uploadJar(jar);
            List<String> args = List.of("stream",
                    "--kafka.bootstrap-servers", stack.kafka().bootstrapServers(),
                    "--flowlog.topic", TOPIC,
                    "--elasticsearch.hosts", stack.elasticsearch().url(),
                    "--elasticsearch.index", INDEX);
            out.println("running: " + String.join(" ", args));
            String jobId = flink.runJar(jarId, args);
            flink.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
            out.println("job " + jobId + " is RUNNING; see " + stack.flink().restUrl() + "/#/job/running");

            produce(stack.kafka(), records);
            long count = awaitDocuments(stack.elasticsearch(), records);
            out.println(count + " documents in Elasticsearch index " + INDEX + ":");
            HttpResponse<String> search = stack.elasticsearch().request("GET", "/" + INDEX + "/_search?size=" + records, null);
            for (JsonNode hit : json.readTree(search.body()).path("hits").path("hits")) {
                out.println("  " + hit.path("_source"));
            }
            if (count < records) {
                out.println("FAILED: expected " + records + " documents, found " + count + "; logs under " + baseDir);
                return 1;
            }
            out.println("OK: Kafka -> Flink -> Elasticsearch works");
            if (keep) {
                out.println("job still running; Kafka topic " + TOPIC + ", index " + INDEX);
                closed = true;
                LocalStackMain.waitUntilStopped(stack, out);
                return 0;
            }
            flink.cancel(jobId, Duration.ofMinutes(1));
            out.println("job cancelled; stopping the stack");
            return 0;
        } finally {
            if (!closed) {
                stack.close();
            }
        }
    }

    private void produce(KafkaBroker kafka, int records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= records; i++) {
                String value = "{\"demo\":" + i + ",\"sent\":\"" + Instant.now() + "\"}";
                producer.send(new ProducerRecord<>(TOPIC, value)).get(30, TimeUnit.SECONDS);
            }
        }
        out.println("sent " + records + " records to Kafka topic " + TOPIC);
    }

    private long awaitDocuments(ElasticsearchNode es, int expected) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = es.request("GET", "/" + INDEX + "/_count", null);
            if (response.statusCode() == 200) {
                count = json.readTree(response.body()).path("count").asLong();
                if (count >= expected) {
                    return count;
                }
            }
            Thread.sleep(500);
        }
        return count;
    }
}
