package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.FlinkRestClient;
import io.nsgflow.localstack.FlinkSessionCluster;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.LocalStack;
import io.nsgflow.sink.webhook.TestReceiver;
import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.GroundTruth;
import io.nsgflow.synthetic.LateralScenario;
import io.nsgflow.synthetic.MalformedInput;
import io.nsgflow.synthetic.PlantedFinding;
import io.nsgflow.synthetic.PlantedLateral;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real local stack, injected into ONE long-running {@code stream} job (the shaded jar
 * on the session cluster) while a steady generated load flows: the TaskManager process SIGKILLed
 * three times (the stack's supervisor brings a new one), Elasticsearch stopped for 60 s, the Kafka
 * broker restarted, the webhook receiver answering 503 and then hanging for 60 s, and two
 * stop-with-savepoint / resubmit cycles (parallelism 1 -> 2 -> 1). Afterwards the results equal the
 * ground truth known from the generator and from decoding the sent blobs here: every planted drift
 * finding and alert exactly once in Elasticsearch (a search per finding), the aggregate byte totals,
 * exactly the planted malformed inputs on the dead-letter topic, no record dropped as late, every
 * alert received by the webhook receiver at least once, every repeat under the same idempotency key
 * with the same body. The flow-log topic has two partitions, so at parallelism 1 one
 * reader reads both. Per fault the
 * recovery time (fault to the first new document, or the first delivered webhook) is printed as a
 * line starting with {@code RECOVERY} (RELIABILITY.md has the figures).
 */
class FaultInjectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 16;
    /** Event-time minutes of load; at one per {@link #PERIOD} the load outlasts the faults, then the rest goes at once. */
    private static final int MINUTES = 200;
    private static final Duration PERIOD = Duration.ofMillis(2000);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration UNAVAILABLE = Duration.ofSeconds(15);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final String WEBHOOK_SECRET = "fault-it-webhook-secret";
    private static final long MINUTE = 60_000;

    private final List<String> recoveries = new ArrayList<>();

    /**
     * A stack of its own (not the one the other integration tests share): the faults kill its
     * TaskManager and restart its broker and node, which must not leave the others' in a changed state.
     */
    @Test
    void oneJobSurvivesEveryFaultWithExactlyThePlantedResults(@TempDir Path dir) throws Exception {
        Path base = Path.of(System.getProperty("nsgflow.localstack.base-dir", "target/stack")).resolve("faults");
        try (LocalStack stack = LocalStack.start(base)) {
            run(stack.kafka(), stack.elasticsearch(), stack.flink(), dir);
        }
    }

    private void run(KafkaBroker kafka, ElasticsearchNode es, FlinkSessionCluster flink, Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        String run = "fault-it-" + System.nanoTime();
        String flowTopic = run + "-flowlogs";
        String policyTopic = run + "-policy";
        String deadLetterTopic = run + "-deadletters";
        // two partitions: at parallelism 1 one reader reads both and, catching up after a fault or a
        // restore, gets a batch of one before the other's; watermarks per partition keep the other's
        // records from being late (RELIABILITY.md, "Found by the suite")
        kafka.createTopic(flowTopic, 2);
        kafka.createTopics(1, List.of(policyTopic, deadLetterTopic));

        // ---- the load and what it holds, known here
        Instant start = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(SEED, EnterpriseScenario.DEFAULT_NICS, start,
                start.plus(Duration.ofMinutes(30)));
        FlowLogGenerator generator = new FlowLogGenerator(scenario, SEED, start,
                GeneratorOptions.defaults().withMinutes(MINUTES).withConnectionsPerMinute(30).withDriftPerType(10)
                        .withMalformed(3).withCarriedConnections(2));
        // the lateral-movement day shifted so that its port scan (day + 4 h) falls in minute 10 and its
        // host sweep (day + 6 h) in minute 130; its other attacks and the nightly backups fall outside
        generator.plant(new LateralScenario(scenario, start.minus(Duration.ofHours(4)).plus(Duration.ofMinutes(10))
                .toEpochMilli()));
        List<List<FlowLogBlob>> minutes = new ArrayList<>();
        FlowLogDecoder decoder = new FlowLogDecoder();
        long cutoff = start.toEpochMilli() + (MINUTES - 3) * MINUTE; // windows before it have closed at the end
        long expectedBytes = 0;
        long tuples = 0;
        for (int m = 0; m < MINUTES; m++) {
            List<FlowLogBlob> blobs = generator.minute(m);
            minutes.add(blobs);
            for (FlowLogBlob blob : blobs) {
                for (FlowRecord r : decoder.decode(blob.bytes()).flowRecords()) {
                    tuples++;
                    if (r.getEventTime() - Math.floorMod(r.getEventTime(), MINUTE) < cutoff) {
                        expectedBytes += value(r.getBytesSrcToDst()) + value(r.getBytesDstToSrc());
                    }
                }
            }
        }
        GroundTruth truth = generator.groundTruth();
        assertThat(tuples).isEqualTo(truth.tuples());
        assertThat(truth.planted()).hasSize(40);
        assertThat(truth.lateral()).extracting(PlantedLateral::type).containsExactlyInAnyOrder("port_scan", "host_sweep");
        assertThat(truth.lateral()).allMatch(l -> l.alsoRaises().isEmpty());
        assertThat(truth.malformed()).hasSize(3);
        Path allowList = Files.writeString(dir.resolve("allow-list.jsonl"), LateralScenario.allowListJsonl());

        // ---- the receiver: 200, until the fault scripts otherwise
        // armed, the next request begins the fault: 503 for 15 s, then no answer for 60 s, then 200 again
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.ANSWER);
        AtomicReference<Instant> faultBegan = new AtomicReference<>();
        AtomicReference<Instant> firstDeliveredAfterFault = new AtomicReference<>();
        AtomicInteger faultedRequests = new AtomicInteger();
        TestReceiver receiver = TestReceiver.http().answering((n, r) -> {
            Instant now = Instant.now();
            if (phase.compareAndSet(Phase.ARMED, Phase.FAULT)) {
                faultBegan.set(now);
            }
            if (phase.get() != Phase.FAULT) {
                return TestReceiver.Answer.of(200);
            }
            Duration into = Duration.between(faultBegan.get(), now);
            if (into.compareTo(UNAVAILABLE) < 0) {
                faultedRequests.incrementAndGet();
                return TestReceiver.Answer.of(503);
            }
            if (into.compareTo(UNAVAILABLE.plus(OUTAGE)) < 0) {
                faultedRequests.incrementAndGet();
                return TestReceiver.Answer.HANG;
            }
            firstDeliveredAfterFault.compareAndSet(null, now);
            return TestReceiver.Answer.of(200);
        });

        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(policyTopic, "policy-v1", scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(policyTopic, "policy-v2", scenario.changeV2Json().getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        FlinkRestClient rest = flink.rest();
        String jarId = rest.uploadJar(jar);
        List<String> args = List.of("stream",
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.group-id", run,
                "--kafka.starting-offsets", "earliest",
                "--flowlog.topic", flowTopic,
                "--policy.topic", policyTopic,
                "--deadletter.topic", deadLetterTopic,
                "--elasticsearch.hosts", es.url(),
                "--elasticsearch.index-prefix", run,
                "--elasticsearch.bulk.flush-interval", "200 ms",
                "--checkpoint.interval", "3 s",
                "--flowlog.watermark.out-of-orderness", "1 min",
                "--lateral.allow-list", allowList.toString(),
                "--alert.min-severity", "low",
                "--alert.throttle.interval", "1 ms",
                "--webhook.url", receiver.url("/alerts").toString(),
                "--webhook.secret", WEBHOOK_SECRET,
                "--webhook.request-timeout", "5 s",
                "--webhook.retry.initial-backoff", "200 ms",
                "--webhook.retry.max-backoff", "5 s",
                "--webhook.retry.max-attempts", "100");
        FlinkRestClient.RunOptions options = FlinkRestClient.RunOptions.DEFAULTS.withConfiguration(Map.of(
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "50",
                "restart-strategy.fixed-delay.delay", "2 s"));
        String jobId = rest.runJar(jarId, args, options);
        Load load = new Load(kafka, flowTopic, minutes);
        Instant suiteStart = Instant.now();
        try {
            rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
            load.start();
            awaitCheckpointAfter(rest, jobId, rest.completedCheckpoints(jobId));
            long warm = outputCount(es, run);
            awaitNewOutput(es, run, warm, Instant.now(), "warm-up");

            // (1) the TaskManager SIGKILLed three times; the supervisor starts a new one each time
            for (int kill = 1; kill <= 3; kill++) {
                long restarts = restartedAt(rest, jobId);
                Instant fault = Instant.now();
                flink.killTaskManager();
                // counted once the JobManager has failed the job over: documents the killed TaskManager
                // had sent may still land until then, they are not new output
                awaitRestart(rest, jobId, restarts);
                long before = outputCount(es, run);
                Duration recovered = awaitNewOutput(es, run, before, fault, "TaskManager SIGKILL " + kill);
                record("TaskManager SIGKILL #" + kill + " (replacement started by the supervisor)", recovered, null);
                rest.awaitAllTasksRunning(jobId, RECOVERY_TIMEOUT);
                awaitCheckpointAfter(rest, jobId, rest.completedCheckpoints(jobId));
            }
            assertThat(flink.taskManagerStarts()).isGreaterThanOrEqualTo(4);

            // (2) Elasticsearch stopped for 60 s, then started again on the same port and data
            long beforeEs = outputCount(es, run);
            Instant esDown = Instant.now();
            es.stop();
            Thread.sleep(OUTAGE.toMillis());
            es.restart();
            Instant esBack = Instant.now();
            Duration esRecovered = awaitNewOutput(es, run, beforeEs, esDown, "Elasticsearch outage");
            record("Elasticsearch stopped 60 s", esRecovered, Duration.between(esBack, esDown.plus(esRecovered)));
            rest.awaitAllTasksRunning(jobId, RECOVERY_TIMEOUT);
            awaitCheckpointAfter(rest, jobId, rest.completedCheckpoints(jobId));

            // (3) the Kafka broker restarted (controlled shutdown, same data and ports)
            // the job goes on writing what it had read while the broker is away: new output counts
            // from the moment the broker answers again
            Instant kafkaDown = Instant.now();
            kafka.stop();
            kafka.restart();
            Instant kafkaBack = Instant.now();
            long beforeKafka = outputCount(es, run);
            Duration kafkaRecovered = awaitNewOutput(es, run, beforeKafka, kafkaDown, "Kafka restart");
            record("Kafka broker restarted", kafkaRecovered, Duration.between(kafkaBack, kafkaDown.plus(kafkaRecovered)));
            rest.awaitAllTasksRunning(jobId, RECOVERY_TIMEOUT);
            awaitCheckpointAfter(rest, jobId, rest.completedCheckpoints(jobId));

            // (4) the receiver answers 503 from the next request on for 15 s, then hangs for 60 s
            phase.set(Phase.ARMED);
            Instant armed = Instant.now();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (faultBegan.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(faultBegan.get()).as("an alert reached the receiver within 2 min of arming the fault").isNotNull();
            Instant webhookFault = faultBegan.get();
            System.out.println("RECOVERY-LOG webhook fault began " + secs(Duration.between(armed, webhookFault))
                    + " after it was armed (at the next delivery)");
            deadline = System.nanoTime() + UNAVAILABLE.plus(OUTAGE).plus(RECOVERY_TIMEOUT).toNanos();
            while (firstDeliveredAfterFault.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(firstDeliveredAfterFault.get()).as("a webhook delivered after the receiver recovered").isNotNull();
            Instant answering = webhookFault.plus(UNAVAILABLE).plus(OUTAGE);
            record("webhook receiver 503 for 15 s, then hanging 60 s", Duration.between(webhookFault,
                    firstDeliveredAfterFault.get()), Duration.between(answering, firstDeliveredAfterFault.get()));
            assertThat(faultedRequests.get()).as("requests answered 503 or left hanging").isPositive();

            // (5) stop-with-savepoint, resubmitted with parallelism 2, and again with parallelism 1
            for (int parallelism : new int[] {2, 1}) {
                Instant stopAt = Instant.now();
                String savepoint = rest.stopWithSavepoint(jobId, dir.resolve("savepoints"), Duration.ofMinutes(3));
                assertThat(rest.jobState(jobId)).isEqualTo("FINISHED");
                long before = outputCount(es, run); // the sinks flushed before the savepoint completed
                Duration stopTook = Duration.between(stopAt, Instant.now());
                jobId = rest.runJar(jarId, args, options.withParallelism(parallelism).fromSavepoint(savepoint));
                rest.awaitAllTasksRunning(jobId, RECOVERY_TIMEOUT);
                Duration recovered = awaitNewOutput(es, run, before, stopAt, "savepoint, parallelism " + parallelism);
                assertThat(parallelisms(rest, jobId)).containsOnly(parallelism);
                record("stop-with-savepoint (" + secs(stopTook) + "), resubmitted with parallelism " + parallelism,
                        recovered, null);
                awaitCheckpointAfter(rest, jobId, rest.completedCheckpoints(jobId));
            }
            System.out.println("RECOVERY-LOG faults done " + secs(Duration.between(suiteStart, Instant.now()))
                    + " after the load began; " + load.minutesSent() + " of " + MINUTES + " minutes sent, the rest at once");

            // ---- the rest of the load at once, then the results against the ground truth
            load.hurry();
            load.join(Duration.ofMinutes(2));
            assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
            awaitResults(es, run, truth, expectedBytes, cutoff);
            // No tuple was too late for its aggregate window: the bytes of the closed windows equal the bytes
            // summed from the sent blobs (assertExactlyThePlantedResults), and a late tuple would be missing
            // there. (The late side output's counter, read over the JobManager's REST metric store, was not
            // listed within a minute in one of two clean-clone runs after the TaskManager kills: not a check to rely on.)
            assertExactlyThePlantedResults(es, run, truth, expectedBytes, cutoff);
            assertThat(deadLetters(kafka, deadLetterTopic, truth.malformed().size()))
                    .containsExactlyInAnyOrderElementsOf(truth.malformed().stream()
                            .map(MalformedInput::reason).map(Enum::name).toList());
            assertWebhooksDeliveredEveryAlertAtLeastOnce(receiver, search(es, run + "-alerts-*"));
            assertThat(load.failure()).as("the test's own producer").isNull();
        } finally {
            load.hurry();
            receiver.close();
            try {
                rest.cancel(jobId, Duration.ofMinutes(1));
            } catch (RuntimeException alreadyEnded) {
                // a failed assertion above may leave the job ended already
            }
            rest.deleteJar(jarId);
            flink.awaitOneTaskManager(Duration.ofMinutes(2));
            System.out.println("RECOVERY-LOG summary (fault to first new output):");
            recoveries.forEach(line -> System.out.println("RECOVERY " + line));
        }
    }

    private enum Phase { ANSWER, ARMED, FAULT }

    private void record(String fault, Duration toFirstOutput, Duration afterComponentBack) {
        String line = String.format(Locale.ROOT, "%-70s %7s%s", fault, secs(toFirstOutput),
                afterComponentBack == null ? "" : " (" + secs(afterComponentBack) + " after it was back)");
        recoveries.add(line);
        System.out.println("RECOVERY " + line);
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    // ---- the load

    /** Sends minute i at start + i * PERIOD, until hurried, then the rest at once; blob k to partition k % 2. */
    private static final class Load {
        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final List<List<FlowLogBlob>> minutes;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean hurry;

        Load(KafkaBroker kafka, String topic, List<List<FlowLogBlob>> minutes) {
            this.producer = producer(kafka);
            this.topic = topic;
            this.minutes = minutes;
            this.thread = new Thread(this::run, "fault-it-load");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long t0 = System.nanoTime();
            int k = 0;
            try {
                for (int m = 0; m < minutes.size(); m++) {
                    long due = t0 + m * PERIOD.toNanos();
                    while (!hurry && System.nanoTime() < due) {
                        Thread.sleep(20);
                    }
                    for (FlowLogBlob blob : minutes.get(m)) {
                        producer.send(new ProducerRecord<>(topic, k++ % 2, blob.name(), blob.bytes()), (md, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                    sent.incrementAndGet();
                }
                producer.flush();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            } finally {
                producer.close();
            }
        }

        int minutesSent() {
            return sent.get();
        }

        void hurry() {
            hurry = true;
        }

        void join(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            assertThat(thread.isAlive()).as("the load sent everything within " + timeout).isFalse();
        }

        Exception failure() {
            return failure.get();
        }
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker kafka) {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // the broker restart: sends wait and are retried, in order, without duplicates
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024), new org.apache.kafka.common.serialization.StringSerializer(),
                new ByteArraySerializer());
    }

    private static long value(Long counter) {
        return counter == null ? 0 : counter;
    }

    // ---- watching the job

    /** Documents under the run's prefix, or -1 while Elasticsearch does not answer. */
    private static long outputCount(ElasticsearchNode es, String run) {
        try {
            es.request("POST", "/" + run + "-*/_refresh", null);
            HttpResponse<String> count = es.request("GET", "/" + run + "-*/_count", null);
            return count.statusCode() == 200 ? JSON.readTree(count.body()).path("count").asLong() : -1;
        } catch (Exception down) {
            return -1;
        }
    }

    /** Waits until the run has more documents than {@code before}; returns the time since {@code fault}. */
    private static Duration awaitNewOutput(ElasticsearchNode es, String run, long before, Instant fault, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (outputCount(es, run) > before) {
                return Duration.between(fault, Instant.now());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no new output within " + RECOVERY_TIMEOUT + " after " + what);
    }

    /** When the job last went RESTARTING (0: never), from the job's state timestamps. */
    private static long restartedAt(FlinkRestClient rest, String jobId) {
        return rest.job(jobId).path("timestamps").path("RESTARTING").asLong();
    }

    /** Waits until the JobManager has failed the job over (it went RESTARTING) after {@code before}. */
    private static void awaitRestart(FlinkRestClient rest, String jobId, long before) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (restartedAt(rest, jobId) > before) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the JobManager is busy failing the job over
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " not restarted within " + RECOVERY_TIMEOUT + " of the kill: "
                + rest.job(jobId).path("timestamps"));
    }

    private static void awaitCheckpointAfter(FlinkRestClient rest, String jobId, long completed) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (rest.completedCheckpoints(jobId) > completed) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the job is restarting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no checkpoint of " + jobId + " completed within " + RECOVERY_TIMEOUT);
    }

    private static Set<Integer> parallelisms(FlinkRestClient rest, String jobId) {
        Set<Integer> out = new HashSet<>();
        rest.job(jobId).path("vertices").forEach(v -> out.add(v.path("parallelism").asInt()));
        return out;
    }

    // ---- the results

    private static void awaitResults(ElasticsearchNode es, String run, GroundTruth truth, long expectedBytes, long cutoff)
            throws Exception {
        int alerts = truth.planted().size() + truth.lateral().size();
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(es, run + "-drift-*") >= truth.planted().size() && count(es, run + "-alerts-*") >= alerts
                    && ruleBytes(es, run, cutoff) >= expectedBytes) {
                break;
            }
            Thread.sleep(500);
        }
        Thread.sleep(3000); // a moment more, so a document beyond the planted ones would show
    }

    private static void assertExactlyThePlantedResults(ElasticsearchNode es, String run, GroundTruth truth,
            long expectedBytes, long cutoff) throws Exception {
        es.request("POST", "/" + run + "-*/_refresh", null);
        // every planted finding exactly once: one search per finding, by its 5-tuple and time
        for (PlantedFinding p : truth.planted()) {
            String time = Instant.ofEpochMilli(p.eventTime()).toString();
            List<JsonNode> drift = search(es, run + "-drift-*", terms(Map.of(
                    "source.ip", p.srcIp(), "source.port", p.srcPort(), "destination.ip", p.dstIp(),
                    "destination.port", p.dstPort(), "@timestamp", time)));
            assertThat(drift).as("drift documents of %s", p).hasSize(1);
            assertThat(drift.get(0).at("/nsgflow/drift/type").asText()).isEqualTo(p.type().name().toLowerCase(Locale.ROOT));
            List<JsonNode> alerts = search(es, run + "-alerts-*", terms(Map.of(
                    "nsgflow.alert.type", "drift." + p.type().name().toLowerCase(Locale.ROOT), "event.start", time)));
            String flow = p.srcIp() + ":" + p.srcPort() + " -> " + p.dstIp() + ":" + p.dstPort();
            assertThat(alerts.stream().filter(a -> a.at("/nsgflow/alert/evidence/flow").asText().contains(flow)).toList())
                    .as("alerts of %s", p).hasSize(1);
        }
        for (PlantedLateral l : truth.lateral()) {
            List<JsonNode> alerts = search(es, run + "-alerts-*", terms(Map.of(
                    "nsgflow.alert.type", "lateral." + l.type(), "nsgflow.alert.entity", l.entity())));
            assertThat(alerts).as("alerts of %s", l).hasSize(1);
        }
        // and nothing else
        assertThat(count(es, run + "-drift-*")).isEqualTo(truth.planted().size());
        assertThat(count(es, run + "-alerts-*")).isEqualTo(truth.planted().size() + truth.lateral().size());
        assertThat(ruleBytes(es, run, cutoff)).as("bytes in the rule aggregates of the closed windows").isEqualTo(expectedBytes);
    }

    private static String terms(Map<String, Object> fields) throws Exception {
        List<Map<String, Object>> filters = new ArrayList<>();
        new java.util.TreeMap<>(fields).forEach((k, v) -> filters.add(Map.of("term", Map.of(k, v))));
        return JSON.writeValueAsString(Map.of("size", 100, "query", Map.of("bool", Map.of("filter", filters))));
    }

    private static long count(ElasticsearchNode es, String index) throws Exception {
        es.request("POST", "/" + index + "/_refresh", null);
        HttpResponse<String> r = es.request("GET", "/" + index + "/_count", null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("count").asLong() : -1;
    }

    private static long ruleBytes(ElasticsearchNode es, String run, long cutoff) throws Exception {
        HttpResponse<String> r = es.request("POST", "/" + run + "-aggregates-*/_search", """
                {"size": 0, "query": {"bool": {"filter": [{"term": {"nsgflow.aggregate.kind": "rule"}},
                   {"range": {"@timestamp": {"lt": %d, "format": "epoch_millis"}}}]}},
                 "aggs": {"bytes": {"sum": {"field": "network.bytes"}}}}""".formatted(cutoff));
        return r.statusCode() == 200 ? JSON.readTree(r.body()).at("/aggregations/bytes/value").asLong() : -1;
    }

    private static List<JsonNode> search(ElasticsearchNode es, String index) throws Exception {
        return search(es, index, "{\"size\": 1000, \"query\": {\"match_all\": {}}}");
    }

    private static List<JsonNode> search(ElasticsearchNode es, String index, String query) throws Exception {
        HttpResponse<String> r = es.request("POST", "/" + index + "/_search", query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).at("/hits/hits").forEach(h -> out.add(h.get("_source")));
        return out;
    }

    /**
     * The reasons of the dead letters, one per origin (topic, partition, offset): the topic is
     * written at least once, so a letter may repeat after a restart, but never for another input.
     */
    private static List<String> deadLetters(KafkaBroker kafka, String topic, int expected) throws Exception {
        Map<String, String> byOrigin = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(p) < end && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode letter = JSON.readTree(r.value());
                    String before = byOrigin.put(letter.path("origin").toString(), letter.path("reason").asText());
                    assertThat(before == null || before.equals(letter.path("reason").asText()))
                            .as("a repeated letter has the same reason").isTrue();
                }
            }
        }
        assertThat(byOrigin).as("dead letters by origin").hasSize(expected);
        return List.copyOf(byOrigin.values());
    }

    /**
     * Every alert in Elasticsearch reached the receiver, signed, as its document, under the key
     * {@code <alert id>:1} ({@code <alert id>.<revision>:1} for a later version of an alert raised again
     * under its id, as a growing lateral episode is); every key received is the key of a version of
     * such an alert, and a repeat of a key carries the same body.
     */
    private static void assertWebhooksDeliveredEveryAlertAtLeastOnce(TestReceiver receiver, List<JsonNode> alerts)
            throws Exception {
        Map<String, JsonNode> byKey = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode a : alerts) {
            long revision = a.at("/nsgflow/alert/revision").asLong();
            String id = a.at("/event/id").asText();
            ids.add(id);
            byKey.put(id + (revision > 0 ? "." + revision : "") + ":1", a);
        }
        Map<String, Set<String>> bodiesByKey = new HashMap<>();
        List<TestReceiver.Received> received = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            received = receiver.received();
            bodiesByKey.clear();
            received.forEach(r -> bodiesByKey.computeIfAbsent(r.header("Idempotency-Key"), k -> new java.util.TreeSet<>())
                    .add(r.bodyText()));
            if (bodiesByKey.keySet().containsAll(byKey.keySet())) {
                break;
            }
            Thread.sleep(250);
        }
        System.out.println("RECOVERY-LOG webhooks: " + received.size() + " requests for " + alerts.size() + " alerts, "
                + bodiesByKey.size() + " keys");
        assertThat(received).allMatch(r -> TestReceiver.signedWith(r, WEBHOOK_SECRET), "signed with the secret");
        Map<String, Set<String>> differing = new java.util.TreeMap<>();
        bodiesByKey.forEach((k, bodies) -> {
            if (bodies.size() > 1) {
                differing.put(k, bodies);
            }
        });
        differing.forEach((k, bodies) -> {
            System.out.println("RECOVERY-LOG key " + k + " delivered with " + bodies.size() + " bodies:");
            bodies.forEach(b -> System.out.println("RECOVERY-LOG   " + b));
        });
        assertThat(differing.keySet()).as("keys delivered with more than one body").isEmpty();
        assertThat(bodiesByKey.keySet()).containsAll(byKey.keySet());
        assertThat(bodiesByKey.keySet()).allSatisfy(k -> assertThat(ids).contains(k.replaceAll("[.:].*", "")));
        for (Map.Entry<String, JsonNode> e : byKey.entrySet()) {
            assertThat(JSON.readTree(bodiesByKey.get(e.getKey()).iterator().next())).as("the webhook %s", e.getKey())
                    .isEqualTo(e.getValue());
        }
    }
}
