package io.nsgflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single Kafka broker in KRaft mode (combined broker and controller) in its own JVM, run from
 * the kafka_2.13 jars that the build copied. Files under {@code <baseDir>/kafka}: config/, data/,
 * logs/ (server.log and the process output).
 */
public final class KafkaBroker implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Readiness.defaultTimeout();

    private final Path home;
    private final int port;
    private final RestartableProcess process;
    private Duration startupTime;

    private KafkaBroker(Path home, int port, RestartableProcess process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** Starts a broker on free ports. */
    public static KafkaBroker start(Path baseDir) {
        return start(baseDir, 0, 0);
    }

    /** Starts a broker; a port of 0 means "pick a free one". */
    public static KafkaBroker start(Path baseDir, int port, int controllerPort) {
        long started = System.nanoTime();
        Path home = baseDir.resolve("kafka");
        try {
            int brokerPort = Ports.orFree(port);
            int quorumPort = Ports.orFree(controllerPort);
            Path config = home.resolve("config");
            Path data = home.resolve("data");
            Path logs = home.resolve("logs");
            deleteRecursively(data);
            Files.createDirectories(config);
            Files.createDirectories(logs);
            Path serverProperties = writeServerProperties(config, data, brokerPort, quorumPort);
            Path log4j = Log4jConfig.write(config.resolve("log4j2.properties"));
            List<String> jvm = List.of("-Xms256m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + log4j, "-Dlog.file=" + logs.resolve("server.log"),
                    "-Dkafka.logs.dir=" + logs);

            ComponentProcess.runToCompletion("kafka storage format",
                    JavaCommand.of(Distributions.kafkaLib(), jvm, "kafka.tools.StorageTool",
                            List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString())),
                    Map.of(), home, logs.resolve("format.out"), null, Duration.ofSeconds(60));

            List<String> command = JavaCommand.of(Distributions.kafkaLib(), jvm, "kafka.Kafka",
                    List.of(serverProperties.toString()));
            KafkaBroker broker = new KafkaBroker(home, brokerPort,
                    RestartableProcess.start("kafka", command, Map.of(), home, logs.resolve("kafka.out")));
            broker.awaitReady();
            broker.startupTime = Duration.ofNanos(System.nanoTime() - started);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting Kafka", e);
        }
    }

    private void awaitReady() {
        try {
            Readiness.await("Kafka broker on port " + port, READY_TIMEOUT, process.current(), this::answers,
                    () -> LogTail.of(home.resolve("logs").resolve("server.log")));
        } catch (RuntimeException e) {
            process.stop();
            throw e;
        }
    }

    /**
     * Stops the broker (SIGTERM: a controlled shutdown, as a rolling restart does), keeping its
     * data, topics and ports; {@link #restart()} brings it back.
     */
    public synchronized void stop() {
        process.stop();
    }

    /** Starts the broker again after {@link #stop()}, on the same ports and data; returns when it answers. */
    public synchronized void restart() {
        process.restart();
        awaitReady();
    }

    private static Path writeServerProperties(Path config, Path data, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = config.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "written by nsgflow localstack");
        }
        return file;
    }

    /** "127.0.0.1:port", for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    /** Wall time from the start of the process to the broker answering an Admin request. */
    public Duration startupTime() {
        return startupTime;
    }

    /** An Admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Creates topics with one replica; topics that exist already are left as they are. */
    public void createTopics(int partitions, Collection<String> names) {
        try (Admin admin = admin()) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalStackException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            // the controller has committed the topics; the broker's metadata (what clients list and
            // look up) follows a moment later: return once they are visible there
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(names)) {
                if (System.nanoTime() > deadline) {
                    throw new LocalStackException("topics " + names + " created but not listed by the broker after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new LocalStackException("cannot list topics: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new LocalStackException("creating topics " + names + " timed out", e);
        }
    }

    public void createTopic(String name, int partitions) {
        createTopics(partitions, List.of(name));
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public String toString() {
        return "Kafka broker at " + bootstrapServers();
    }
}
