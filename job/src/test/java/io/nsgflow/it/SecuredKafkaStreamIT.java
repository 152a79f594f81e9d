package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.SecuredKafkaBroker;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.GroundTruth;
import io.nsgflow.synthetic.MalformedInput;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar nsgflow.jar stream} against a broker that takes only TLS with SASL/SCRAM-SHA-512:
 * the login comes from the environment variable NSGFLOW_KAFKA_SASL_JAAS_CONFIG, protocol,
 * mechanism and trust from {@code --kafka.properties}. With the right password the job reads both
 * topics and writes the dead-letter topic through that listener; with a wrong one the command
 * stops at start with exit code 2 and a message naming the variable (and not the password).
 */
@ExtendWith(ElasticsearchExtension.class)
class SecuredKafkaStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static SecuredKafkaBroker kafka;
    /** stderr file of each started command, by run. */
    private static final Map<String, Path> ERRORS = new HashMap<>();

    @BeforeAll
    static void startBroker() {
        kafka = SecuredKafkaBroker.start(Path.of(System.getProperty("nsgflow.localstack.base-dir", "target/stack")));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void streamReadsAndWritesThroughTlsAndScramWithTheLoginFromTheEnvironment(ElasticsearchNode es) throws Exception {
        String run = "secured-it-" + System.nanoTime();
        String flowTopic = run + "-flowlogs";
        String policyTopic = run + "-policy";
        String deadLetterTopic = run + "-deadletters";
        kafka.createTopics(1, List.of(flowTopic, policyTopic, deadLetterTopic));

        // one policy version for the whole run (its change lies after the last flow and is not sent)
        Instant v1From = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(23, EnterpriseScenario.MIN_NICS, v1From,
                v1From.plus(Duration.ofDays(1)));
        FlowLogGenerator generator = new FlowLogGenerator(scenario, 23, v1From, new GeneratorOptions(4, 30, 1, 1, 1, 1, 3, 0));
        List<FlowLogBlob> blobs = new ArrayList<>();
        for (int m = 0; m < generator.minutes(); m++) {
            blobs.addAll(generator.minute(m));
        }
        GroundTruth truth = generator.groundTruth();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(policyTopic, "policy-v1", scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            for (FlowLogBlob blob : blobs) {
                producer.send(new ProducerRecord<>(flowTopic, blob.name(), blob.bytes())).get(30, TimeUnit.SECONDS);
            }
        }

        Process job = stream(run, flowTopic, policyTopic, deadLetterTopic, es, kafka.password());
        try {
            assertThat(deadLetterReasons(deadLetterTopic, truth.malformed().size(), job))
                    .containsExactlyInAnyOrderElementsOf(truth.malformed().stream()
                            .map(MalformedInput::reason).map(Enum::name).toList());
            assertThat(awaitDriftCount(es, run, truth.planted().size(), job)).isEqualTo(truth.planted().size());
            assertThat(job.isAlive()).as("the job keeps running").isTrue();
        } finally {
            job.destroy();
            if (!job.waitFor(30, TimeUnit.SECONDS)) {
                job.destroyForcibly();
            }
        }
    }

    @Test
    void aWrongPasswordStopsStreamAtStartNamingTheVariable(ElasticsearchNode es) throws Exception {
        String run = "secured-it-wrong-" + System.nanoTime();
        String wrong = "wrong-" + kafka.password();
        Process job = stream(run, run + "-flowlogs", run + "-policy", run + "-deadletters", es, wrong);
        assertThat(job.waitFor(2, TimeUnit.MINUTES)).as("stream exits by itself").isTrue();
        String err = Files.readString(ERRORS.get(run));
        assertThat(job.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("refused the login").contains(KafkaOptions.JAAS_CONFIG_ENV)
                .doesNotContain(wrong);
    }

    /** {@code java -jar nsgflow.jar stream} on the secured broker, the login in the environment. */
    private static Process stream(String run, String flowTopic, String policyTopic, String deadLetterTopic,
            ElasticsearchNode es, String password) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        String security = kafka.securityProperties().entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
        Path out = Files.createTempFile(run, ".out");
        Path err = Files.createTempFile(run, ".err");
        ERRORS.put(run, err);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar.toString(), "stream",
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.properties", security,
                "--kafka.group-id", run,
                "--kafka.starting-offsets", "earliest",
                "--flowlog.topic", flowTopic,
                "--policy.topic", policyTopic,
                "--deadletter.topic", deadLetterTopic,
                "--elasticsearch.hosts", es.url(),
                "--elasticsearch.index-prefix", run,
                "--elasticsearch.bulk.flush-interval", "200 ms",
                "--checkpoint.interval", "5 s",
                "--flowlog.watermark.out-of-orderness", "1 min");
        pb.environment().put(KafkaOptions.JAAS_CONFIG_ENV, SecuredKafkaBroker.jaasConfig(SecuredKafkaBroker.USER, password));
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        return pb.start();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<String> deadLetterReasons(String topic, int expected, Process job) throws Exception {
        List<String> reasons = new ArrayList<>();
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && reasons.size() < expected && job.isAlive()) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    reasons.add(JSON.readTree(r.value()).path("reason").asText());
                }
            }
            for (var r : consumer.poll(Duration.ofSeconds(2))) {
                reasons.add(JSON.readTree(r.value()).path("reason").asText());
            }
        }
        assertThat(job.isAlive()).as("stream is running").isTrue();
        return reasons;
    }

    private static long awaitDriftCount(ElasticsearchNode es, String prefix, int expected, Process job) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long count = 0;
        while (System.nanoTime() < deadline && job.isAlive()) {
            es.request("POST", "/" + prefix + "-drift-*/_refresh", null);
            HttpResponse<String> r = es.request("GET", "/" + prefix + "-drift-*/_count", null);
            if (r.statusCode() == 200) {
                count = JSON.readTree(r.body()).path("count").asLong();
                if (count >= expected) {
                    Thread.sleep(2000); // a moment more, so a finding beyond the planted ones would show
                    es.request("POST", "/" + prefix + "-drift-*/_refresh", null);
                    return JSON.readTree(es.request("GET", "/" + prefix + "-drift-*/_count", null).body())
                            .path("count").asLong();
                }
            }
            Thread.sleep(500);
        }
        return count;
    }
}
