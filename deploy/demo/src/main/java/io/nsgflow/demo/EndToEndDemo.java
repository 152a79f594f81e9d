package io.nsgflow.demo;

import io.nsgflow.drift.DriftDocument;
import io.nsgflow.drift.DriftType;
import io.nsgflow.ingest.blob.NetworkWatcherBlobs;
import io.nsgflow.localstack.Azurite;
import io.nsgflow.localstack.FlinkRestClient;
import io.nsgflow.localstack.LocalStack;
import io.nsgflow.localstack.LocalStackException;
import io.nsgflow.localstack.LocalStackMain;
import io.nsgflow.localstack.StackTopics;
import io.nsgflow.synthetic.GroundTruth;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's run command: starts the local stack, submits job/target/nsgflow.jar to the Flink
 * session cluster over REST, runs {@code stream} on Kafka topics fed with a generated enterprise's
 * policy and flow logs, and prints from Elasticsearch what the job found next to what was planted.
 * Exits 0 when the drift found equals the drift planted, type by type, the lateral movement found
 * equals the lateral movement planted, and every alert due reached the webhook receiver.
 */
public final class EndToEndDemo {

    // the local stack creates them at start
    static final String FLOW_TOPIC = StackTopics.DEFAULTS.flowLogs();
    static final String POLICY_TOPIC = StackTopics.DEFAULTS.policy();
    static final String DEADLETTER_TOPIC = StackTopics.DEFAULTS.deadLetters();
    static final String INDEX_PREFIX = "nsgflow";
    static final String WEBHOOK_SECRET_ENV = "NSGFLOW_WEBHOOK_SECRET";
    static final String MIN_SEVERITY = "medium";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final String USAGE = """
            usage: EndToEndDemo --jar nsgflow.jar [--base-dir DIR] [--keep] [--seed N] [--minutes N]
                                [--connections-per-minute N] [--drift-per-type N] [--pace-ms N] [--timeout-s N]
                                [--feed kafka|azurite]""";

    private final PrintStream out;

    EndToEndDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = new EndToEndDemo(System.out).run(DemoOptions.parse(args));
        } catch (DemoOptions.BadOption e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (LocalStackException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("demo: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    int run(DemoOptions o) throws Exception {
        DemoScenario scenario = DemoScenario.of(o.seed(), o.minutes(), Duration.ofMinutes(o.minutes() / 2),
                o.connectionsPerMinute(), o.driftPerType());
        long wallStart = System.nanoTime();
        // the secret reaches the job the way it should in production: from the environment of the
        // TaskManager, which the local stack starts as a child of this JVM (run-local.sh exports one)
        String secretFromEnv = System.getenv(WEBHOOK_SECRET_ENV);
        String secret = secretFromEnv != null && !secretFromEnv.isEmpty() ? secretFromEnv : randomSecret();
        LocalStack stack = LocalStackMain.startAndDescribe(o.baseDir(), out);
        boolean handedOver = false;
        WebhookReceiver receiver = new WebhookReceiver(secret);
        Azurite azurite = null;
        try {
            ElasticsearchFindings es = new ElasticsearchFindings(stack.elasticsearch(), INDEX_PREFIX);
            AzureStorageFeed storage = null;
            if (o.feed() == DemoOptions.Feed.AZURITE) {
                azurite = Azurite.start(o.baseDir());
                storage = AzureStorageFeed.open(azurite, stack.kafka().bootstrapServers(), FLOW_TOPIC);
                out.println("Azurite (Azure Storage emulator) on " + azurite.blobEndpoint() + ": flow logs are written to "
                        + NetworkWatcherBlobs.CONTAINER + " and " + NetworkWatcherBlobs.VNET_CONTAINER
                        + " as Network Watcher writes them; the blob reader of ingest-blobs moves them to " + FLOW_TOPIC);
            }
            try (FlowLogFeed feed = storage == null
                    ? new FlowLogFeed(stack.kafka().bootstrapServers(), FLOW_TOPIC, POLICY_TOPIC)
                    : new FlowLogFeed(stack.kafka().bootstrapServers(), POLICY_TOPIC, storage)) {
                feed.publishPolicy("policy-v1", scenario.scenario().snapshotV1Json());
                out.println("published policy v1 (effective " + scenario.scenario().v1From() + ") to " + POLICY_TOPIC);

                FlinkRestClient flink = stack.flink().rest();
                out.println("uploading " + o.jar() + " to " + stack.flink().restUrl() + " ...");
                String jarId = flink.uploadJar(o.jar());
                List<String> args = new java.util.ArrayList<>(jobArguments(stack, receiver.url()));
                out.println("webhook receiver on " + receiver.url() + " (verifies every signature)");
                out.println("running: nsgflow.jar " + String.join(" ", args)
                        + (secret.equals(secretFromEnv) ? " (webhook secret in " + WEBHOOK_SECRET_ENV + ")" : ""));
                if (!secret.equals(secretFromEnv)) {
                    out.println("  (" + WEBHOOK_SECRET_ENV + " is not set here: the secret goes as --webhook.secret ***)");
                    args.addAll(List.of("--webhook.secret", secret));
                }
                String jobId = flink.runJar(jarId, args);
                flink.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
                out.println("job " + jobId + " is RUNNING; web UI " + stack.flink().restUrl() + "/#/job/running/" + jobId);

                out.printf("sending %d minutes of flow logs (%d with planted drift, %d trailing), one per %d ms, to %s%n",
                        scenario.totalMinutes(), scenario.run().minutes(), scenario.trailing().minutes(), o.paceMillis(),
                        storage == null ? FLOW_TOPIC : "Azure Storage (Azurite)");
                long sendStart = System.nanoTime();
                feed.publishFlows(scenario, Duration.ofMillis(o.paceMillis()), progress(es, receiver));
                GroundTruth truth = scenario.run().groundTruth();
                long planted = truth.planted().size();
                out.printf("sent %,d documents, %,d flow tuples in %.1f s; waiting for %d drift findings in Elasticsearch ...%n",
                        feed.documents(), feed.tuples(), seconds(System.nanoTime() - sendStart), planted);
                if (storage != null) {
                    out.printf("the blob reader published %,d records from Azurite to %s%n", storage.recordsPublished(),
                            FLOW_TOPIC);
                }

                long driftDone = awaitDrift(es, planted, Duration.ofSeconds(o.timeoutSeconds()));
                if (driftDone > 0) {
                    double s = seconds(driftDone - sendStart);
                    out.printf("all drift findings in Elasticsearch %.1f s after the first flow log was sent:"
                            + " %,.0f tuples per second end to end (Kafka -> Flink -> Elasticsearch)%n", s, feed.tuples() / s);
                }
                awaitAggregates(es, scenario.trailing().start().minus(Duration.ofMinutes(1)), Duration.ofSeconds(60));
                awaitWebhooks(es, receiver, Duration.ofSeconds(30));
                int code = report(stack, es, truth, receiver);
                out.printf("demo took %.1f s%n", seconds(System.nanoTime() - wallStart));
                if (o.keep()) {
                    out.println("job still running; topics " + FLOW_TOPIC + ", " + POLICY_TOPIC + ", " + DEADLETTER_TOPIC
                            + "; indices " + INDEX_PREFIX + "-*; Elasticsearch " + stack.elasticsearch().url());
                    handedOver = true;
                    LocalStackMain.waitUntilStopped(stack, out);
                    return code;
                }
                flink.cancel(jobId, Duration.ofMinutes(1));
                out.println("job cancelled; stopping the stack");
                return code;
            }
        } finally {
            if (azurite != null) {
                azurite.close();
            }
            if (!handedOver) {
                receiver.close();
                stack.close();
            }
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private static List<String> jobArguments(LocalStack stack, String webhookUrl) {
        return List.of("stream",
                "--kafka.bootstrap-servers", stack.kafka().bootstrapServers(),
                "--kafka.starting-offsets", "earliest",
                "--flowlog.topic", FLOW_TOPIC,
                "--policy.topic", POLICY_TOPIC,
                "--deadletter.topic", DEADLETTER_TOPIC,
                "--elasticsearch.hosts", stack.elasticsearch().url(),
                "--elasticsearch.index-prefix", INDEX_PREFIX,
                "--checkpoint.interval", "5 s",
                // tuples of a generated minute are all sent before the next minute's: one minute of
                // out-of-orderness is enough, and the trailing minutes close the last windows
                "--flowlog.watermark.out-of-orderness", "1 min",
                "--webhook.url", webhookUrl,
                "--alert.min-severity", MIN_SEVERITY);
    }

    private FlowLogFeed.Progress progress(ElasticsearchFindings es, WebhookReceiver receiver) {
        return new FlowLogFeed.Progress() {
            @Override
            public void minuteSent(int minute, int total, Instant minuteStart, long documents, long tuples) {
                out.printf("  minute %2d/%d (%s) sent: %,7d documents %,9d tuples | Elasticsearch: %4s drift, %5s alerts, %6s aggregates | webhooks: %d%n",
                        minute + 1, total, HH_MM.format(minuteStart), documents, tuples,
                        shown(es.count("drift")), shown(es.count("alerts")), shown(es.count("aggregates")),
                        receiver.deliveries().size());
            }

            @Override
            public void changePublished(Instant effectiveFrom) {
                out.println("  published the policy change v2 (effective " + effectiveFrom + ") to " + POLICY_TOPIC);
            }
        };
    }

    private static String shown(long count) {
        return count < 0 ? "?" : Long.toString(count);
    }

    /** When (System.nanoTime) Elasticsearch first held {@code expected} drift findings; 0 on timeout. */
    private long awaitDrift(ElasticsearchFindings es, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            long n = es.count("drift");
            if (n >= expected) {
                return System.nanoTime();
            }
            if (n != seen) {
                out.println("  " + n + " of " + expected + " drift findings in Elasticsearch");
                seen = n;
            }
            Thread.sleep(250);
        }
        out.println("timed out after " + timeout.toSeconds() + " s waiting for the drift findings");
        return 0;
    }

    /** Waits until the window of the run's last minute (closed by the trailing minutes) is in Elasticsearch. */
    private void awaitAggregates(ElasticsearchFindings es, Instant lastMinute, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (es.countFrom("aggregates", lastMinute) > 0) {
                return;
            }
            Thread.sleep(250);
        }
        out.println("the aggregates of the run's last minute (" + lastMinute + ") did not arrive within "
                + timeout.toSeconds() + " s; the tops below leave them out");
    }

    /** Waits until every alert due (at or above the minimum severity) has reached the receiver, or its key has. */
    private void awaitWebhooks(ElasticsearchFindings es, WebhookReceiver receiver, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            es.refresh();
            if (WebhookReport.undelivered(es.alerts(), receiver.deliveries(), MIN_SEVERITY).isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        out.println("not every alert reached the webhook receiver within " + timeout.toSeconds() + " s");
    }

    private int report(LocalStack stack, ElasticsearchFindings es, GroundTruth truth, WebhookReceiver receiver)
            throws Exception {
        es.refresh();
        Map<String, Long> found = es.driftPerType();
        Map<String, Long> planted = new LinkedHashMap<>();
        truth.plantedPerType().forEach((t, n) -> planted.put(DriftDocument.typeName(t), (long) n));

        out.println();
        out.println("Drift found in Elasticsearch (" + INDEX_PREFIX + "-drift-*), by type:");
        out.printf("  %-18s %6s %8s%n", "type", "found", "planted");
        boolean equal = true;
        for (DriftType t : DriftType.values()) {
            String name = DriftDocument.typeName(t);
            long f = found.getOrDefault(name, 0L);
            long p = planted.get(name);
            equal &= f == p;
            out.printf("  %-18s %6d %8d%s%n", name, f, p, f == p ? "" : "   <- differs");
        }
        Map<String, Long> unexpectedTypes = new HashMap<>(found);
        unexpectedTypes.keySet().removeAll(planted.keySet());
        equal &= unexpectedTypes.isEmpty();
        out.println("  alerts: " + es.count("alerts") + ", aggregate documents: " + es.count("aggregates"));

        out.println();
        out.println("Top rules by connections begun (sum of nsgflow.aggregate.flows, per rule.ruleset | rule.name):");
        es.topRules(8).forEach(r -> out.printf("  %,10d  %s%n", r.value(), r.key()));
        out.println();
        out.println("Top talkers, external peers by bytes (sum of network.bytes, north-south):");
        es.topExternalPeers(5).forEach(r -> out.printf("  %,14d  %s%n", r.value(), r.key()));
        out.println("Top talkers, east-west source subnets by bytes:");
        es.topEastWestSources(5).forEach(r -> out.printf("  %,14d  %s%n", r.value(), shortSubnet(r.key())));

        Map<String, Integer> letters = DeadLetterTopic.reasons(stack.kafka().bootstrapServers(), DEADLETTER_TOPIC);
        Map<String, Integer> malformed = new java.util.TreeMap<>();
        truth.malformed().forEach(m -> malformed.merge(m.reason().name(), 1, Integer::sum));
        out.println();
        out.println("Dead letters on " + DEADLETTER_TOPIC + ": " + letters.values().stream().mapToInt(i -> i).sum()
                + " " + letters + "; planted malformed inputs: " + truth.malformed().size() + " " + malformed);

        out.println();
        boolean lateral = LateralReport.print(out, es.alerts(), truth.lateral());

        out.println();
        boolean webhooks = WebhookReport.print(out, receiver.url(), es.alerts(), receiver.deliveries(), MIN_SEVERITY);

        out.println();
        out.println(equal ? "OK: the drift found equals the drift planted, type by type"
                : "FAILED: the drift found differs from the drift planted; logs under the stack's base dir");
        out.println(lateral ? "OK: the lateral movement found equals the lateral movement planted"
                : "FAILED: a planted lateral attack is missing, or an alert nothing planted explains was raised");
        out.println(webhooks ? "OK: every alert at or above " + MIN_SEVERITY + " reached the webhook receiver, signed"
                : "FAILED: alerts missing at the webhook receiver, or a bad signature; logs under the stack's base dir");
        return equal && lateral && webhooks ? 0 : 1;
    }

    /** ".../virtualNetworks/vnet-prod/subnets/web" as "vnet-prod/subnets/web". */
    private static String shortSubnet(String id) {
        int at = id.indexOf("/virtualNetworks/");
        return at < 0 ? id : id.substring(at + "/virtualNetworks/".length());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
