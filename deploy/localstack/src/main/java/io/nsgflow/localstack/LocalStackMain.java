package io.nsgflow.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the local stack, for deploy/ scripts.
 *
 * <pre>
 * up   [--base-dir DIR] [--env-file FILE]   start Kafka, Elasticsearch and Flink, create the job's topics;
 *      [--flowlog.topic T] [--policy.topic T]  stay up until stopped
 *      [--deadletter.topic T] [--topic.partitions N]
 * startup-times [--base-dir DIR]            start each component alone, cold, and print how long
 *                                           it took from process start to ready
 * </pre>
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (LocalStackException | java.io.UncheckedIOException e) {
            System.err.println("local stack: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || !(args[0].equals("up") || args[0].equals("startup-times"))) {
            err.println("usage: LocalStackMain up [--base-dir DIR] [--env-file FILE] [--flowlog.topic T]"
                    + " [--policy.topic T] [--deadletter.topic T] [--topic.partitions N]");
            err.println("       LocalStackMain startup-times [--base-dir DIR]");
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String key = args[i];
            if (key.startsWith("--") && i + 1 < args.length) {
                options.put(key.substring(2), args[++i]);
            } else {
                err.println("unknown or incomplete option: " + key);
                return 2;
            }
        }
        Path baseDir = Path.of(options.getOrDefault("base-dir", Distributions.defaultBaseDir().toString()))
                .toAbsolutePath();
        if (args[0].equals("startup-times")) {
            measureStartupTimes(baseDir, out);
            return 0;
        }
        StackTopics topics;
        try {
            for (String key : options.keySet()) {
                if (!key.equals("base-dir") && !key.equals("env-file") && !StackTopics.OPTION_DEFAULTS.containsKey(key)) {
                    throw new IllegalArgumentException("unknown option --" + key);
                }
            }
            topics = StackTopics.fromOptions(options);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        LocalStack stack = startAndDescribe(baseDir, topics, out);
        if (options.containsKey("env-file")) {
            writeEnvFile(Path.of(options.get("env-file")), stack, topics);
        }
        waitUntilStopped(stack, out);
        return 0;
    }

    /**
     * Starts the stack, creates the job's topics with their default names and prints each
     * component's address, start-up time and logs, and the topics.
     */
    public static LocalStack startAndDescribe(Path baseDir, PrintStream out) {
        return startAndDescribe(baseDir, StackTopics.DEFAULTS, out);
    }

    /** Starts the stack, creates {@code topics} and prints each component's address, start-up time and logs, and the topics. */
    public static LocalStack startAndDescribe(Path baseDir, StackTopics topics, PrintStream out) {
        out.println("starting Kafka, Elasticsearch and Flink under " + baseDir + " (about 40 s) ...");
        // each line as soon as its component is ready
        LocalStack stack = LocalStack.start(baseDir, new LocalStack.Listener() {
            @Override
            public void ready(KafkaBroker kafka) {
                out.printf("Kafka          %s  (ready after %.1f s, logs %s)%n", kafka.bootstrapServers(),
                        seconds(kafka.startupTime()), kafka.logsDir());
            }

            @Override
            public void ready(ElasticsearchNode elasticsearch) {
                out.printf("Elasticsearch  %s  (ready after %.1f s, logs %s)%n", elasticsearch.url(),
                        seconds(elasticsearch.startupTime()), elasticsearch.logsDir());
            }

            @Override
            public void ready(FlinkSessionCluster flink) {
                out.printf("Flink          %s  (ready after %.1f s, logs %s)%n", flink.restUrl(),
                        seconds(flink.startupTime()), flink.logsDir());
            }
        });
        out.printf("Prometheus     %s (JobManager), %s (TaskManager)%n", stack.flink().jobManagerMetrics().url(),
                stack.flink().taskManagerMetrics().url());
        try {
            topics.create(stack.kafka(), out);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, kill), then stops the stack. */
    public static void waitUntilStopped(LocalStack stack, PrintStream out) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "stop-local-stack"));
        out.println("stack is up; stop it with Ctrl-C or kill " + ProcessHandle.current().pid());
        out.flush();
        stopped.await();
    }

    private static void writeEnvFile(Path file, LocalStack stack, StackTopics topics) throws IOException {
        Files.writeString(file, String.join("\n",
                "KAFKA_BOOTSTRAP_SERVERS=" + stack.kafka().bootstrapServers(),
                "ELASTICSEARCH_URL=" + stack.elasticsearch().url(),
                "FLINK_REST_URL=" + stack.flink().restUrl(),
                "FLINK_PROMETHEUS_URL=" + stack.flink().taskManagerMetrics().url(),
                "FLOWLOG_TOPIC=" + topics.flowLogs(),
                "POLICY_TOPIC=" + topics.policy(),
                "DEADLETTER_TOPIC=" + topics.deadLetters(),
                ""));
    }

    /** Starts each component on its own (nothing else of the stack running) and prints its start-up time. */
    private static void measureStartupTimes(Path baseDir, PrintStream out) {
        try (KafkaBroker kafka = KafkaBroker.start(baseDir)) {
            out.printf("Kafka broker (KRaft, format + start)        ready after %.1f s%n", seconds(kafka.startupTime()));
        }
        try (ElasticsearchNode es = ElasticsearchNode.start(baseDir)) {
            out.printf("Elasticsearch (security off)                ready after %.1f s%n", seconds(es.startupTime()));
        }
        try (ElasticsearchNode es = ElasticsearchNode.start(baseDir, "elasticsearch-tls", 0,
                ElasticsearchNode.Security.TLS_BASIC_AUTH)) {
            out.printf("Elasticsearch (TLS + user, incl. setup)     ready after %.1f s%n", seconds(es.startupTime()));
        }
        try (FlinkSessionCluster flink = FlinkSessionCluster.start(baseDir)) {
            out.printf("Flink session cluster (JM + TM, 2 slots)    ready after %.1f s%n", seconds(flink.startupTime()));
        }
    }

    static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }
}
