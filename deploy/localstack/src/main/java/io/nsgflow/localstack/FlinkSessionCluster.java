package io.nsgflow.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Flink standalone session cluster: a JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and one TaskManager ({@code TaskManagerRunner}) in two JVMs, on the Flink classpath the build
 * copied (flink-dist is not on Maven Central for 2.x). The TaskManager's memory JVM options and
 * dynamic properties come from {@code BashJavaUtils GET_TM_RESOURCE_PARAMS}, as Flink's own
 * scripts do. Files under {@code <baseDir>/flink}: conf/, logs/, tmp/, upload/.
 *
 * <p>The TaskManager is supervised, as systemd, a Kubernetes Deployment or Flink's own resource
 * manager would: when its process ends without {@link #close()} (a crash, {@link #killTaskManager()})
 * a new one with the same configuration is started, which registers with the JobManager like a
 * replacement machine. The JobManager notices a lost TaskManager within seconds (heartbeats every
 * {@value #HEARTBEAT_INTERVAL_MS} ms, a refused heartbeat RPC counts), not after the 50 s default.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Readiness.defaultTimeout();
    public static final int SLOTS = 2;

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    static final int HEARTBEAT_INTERVAL_MS = 2000;
    /** Long enough for a GC pause on a loaded 2-core machine; a dead process is found sooner (refused RPCs). */
    static final int HEARTBEAT_TIMEOUT_MS = 20000;
    /** How long the supervisor waits before it starts a TaskManager whose process ended. */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    /**
     * The module openings that Flink's distribution puts in {@code env.java.opts.all} of its
     * config.yaml; without them job submission fails (e.g. the DataStream V2 translator opens
     * java.util).
     */
    static final List<String> JVM_MODULE_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path home;
    private final int restPort;
    private ComponentProcess jobManager;
    private volatile ComponentProcess taskManager;
    private List<String> taskManagerCommand;
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicInteger taskManagerStarts = new java.util.concurrent.atomic.AtomicInteger();
    private final PrometheusEndpoint jobManagerMetrics = new PrometheusEndpoint(Ports.free());
    private final PrometheusEndpoint taskManagerMetrics = new PrometheusEndpoint(Ports.free());
    private Duration startupTime;

    private FlinkSessionCluster(Path home, int restPort) {
        this.home = home;
        this.restPort = restPort;
    }

    /** Starts a cluster with its REST API on a free port. */
    public static FlinkSessionCluster start(Path baseDir) {
        return start(baseDir, 0);
    }

    /** Starts a cluster; {@code restPort} 0 picks a free port. */
    public static FlinkSessionCluster start(Path baseDir, int restPort) {
        long started = System.nanoTime();
        Path home = baseDir.resolve("flink");
        FlinkSessionCluster cluster = null;
        try {
            int rest = Ports.orFree(restPort);
            cluster = new FlinkSessionCluster(home, rest);
            KafkaBroker.deleteRecursively(home);
            Path conf = Files.createDirectories(home.resolve("conf"));
            Path logs = Files.createDirectories(home.resolve("logs"));
            writeConfig(conf, home, rest, Ports.free());
            Path log4j = Log4jConfig.write(conf.resolve("log4j.properties"));
            Path lib = Distributions.flinkLib();
            List<String> logging = List.of("-Dlog4j.configurationFile=file:" + log4j);

            List<String> jmJvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
            jmJvm.addAll(JVM_MODULE_OPTIONS);
            jmJvm.addAll(logging);
            jmJvm.add("-Dlog.file=" + logs.resolve("jobmanager.log"));
            cluster.jobManager = ComponentProcess.start("flink-jobmanager",
                    JavaCommand.of(lib, jmJvm, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            concat(List.of("--configDir", conf.toString()), cluster.jobManagerMetrics.dynamicProperties())),
                    Map.of(), home, logs.resolve("jobmanager.out"));
            ComponentProcess jobManager = cluster.jobManager;

            List<String>[] resources = taskManagerResources(lib, conf, logs);
            List<String> tmJvm = new ArrayList<>(resources[0]);
            tmJvm.addAll(JVM_MODULE_OPTIONS);
            tmJvm.addAll(logging);
            tmJvm.add("-Dlog.file=" + logs.resolve("taskmanager.log"));
            List<String> tmArgs = new ArrayList<>(List.of("--configDir", conf.toString()));
            tmArgs.addAll(resources[1]);
            tmArgs.addAll(cluster.taskManagerMetrics.dynamicProperties());
            cluster.taskManagerCommand = JavaCommand.of(lib, tmJvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    tmArgs);
            cluster.startTaskManager();
            ComponentProcess taskManager = cluster.taskManager;

            FlinkSessionCluster ready = cluster;
            FlinkRestClient client = cluster.rest();
            Readiness.await("Flink JobManager REST on port " + rest, READY_TIMEOUT, jobManager,
                    () -> taskManager.isAlive() && client.overview().path("slots-total").asInt() >= SLOTS
                            || failIfDead(taskManager),
                    () -> LogTail.of(logs.resolve("jobmanager.log"), logs.resolve("taskmanager.log"),
                            logs.resolve("taskmanager.out")));
            ready.startupTime = Duration.ofNanos(System.nanoTime() - started);
            ready.superviseTaskManager();
            return ready;
        } catch (IOException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new UncheckedIOException("cannot prepare Flink in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (cluster != null) {
                cluster.close();
            }
            throw new LocalStackException("interrupted while starting Flink", e);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean failIfDead(ComponentProcess taskManager) {
        if (!taskManager.isAlive()) {
            throw new LocalStackException("Flink TaskManager stopped: " + taskManager.exitReport());
        }
        return false;
    }

    private static void writeConfig(Path conf, Path home, int restPort, int rpcPort) throws IOException {
        String yaml = String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "taskmanager.memory.process.size: 1280m",
                "taskmanager.numberOfTaskSlots: " + SLOTS,
                "parallelism.default: 1",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "heartbeat.interval: " + HEARTBEAT_INTERVAL_MS,
                "heartbeat.timeout: " + HEARTBEAT_TIMEOUT_MS,
                "web.upload.dir: " + home.resolve("upload"),
                "io.tmp.dirs: " + home.resolve("tmp"),
                "blob.server.port: 0",
                // checkpoints on disk: in the JobManager's memory a checkpoint is limited to 5 MB, which
                // the stream job's window and policy-wait state outgrow within minutes (every
                // checkpoint then fails and the job restarts)
                "execution.checkpointing.storage: filesystem",
                "execution.checkpointing.dir: " + home.resolve("checkpoints").toUri(),
                String.join("\n", PrometheusEndpoint.configLines()),
                "");
        Files.createDirectories(home.resolve("upload"));
        Files.createDirectories(home.resolve("checkpoints"));
        Files.createDirectories(home.resolve("tmp"));
        Files.writeString(conf.resolve("config.yaml"), yaml);
    }

    /** [0] = JVM options, [1] = dynamic properties ("-D", "k=v", ...) of the TaskManager. */
    @SuppressWarnings("unchecked")
    private static List<String>[] taskManagerResources(Path lib, Path conf, Path logs)
            throws IOException, InterruptedException {
        Path out = logs.resolve("bash-java-utils.out");
        ComponentProcess.runToCompletion("BashJavaUtils GET_TM_RESOURCE_PARAMS",
                JavaCommand.of(lib, List.of("-Xmx128m"), "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        List.of("GET_TM_RESOURCE_PARAMS", "--configDir", conf.toString())),
                Map.of(), conf, out, null, Duration.ofSeconds(60));
        List<String> results = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(RESULT_PREFIX))
                .map(line -> line.substring(RESULT_PREFIX.length()).trim())
                .toList();
        if (results.size() < 2) {
            throw new LocalStackException("BashJavaUtils printed no TaskManager resources\n" + LogTail.of(out));
        }
        List<String> jvm = Arrays.asList(results.get(results.size() - 2).split("\\s+"));
        List<String> dynamic = Arrays.asList(results.get(results.size() - 1).split("\\s+"));
        return new List[] {jvm, dynamic};
    }

    /** "http://localhost:port". */
    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    /** Wall time from starting the JobManager to the REST API reporting {@value #SLOTS} slots. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The JobManager's Prometheus reporter (cluster metrics: jobs, checkpoints, JVM). */
    public PrometheusEndpoint jobManagerMetrics() {
        return jobManagerMetrics;
    }

    /** The TaskManager's Prometheus reporter (the jobs' operator metrics). */
    public PrometheusEndpoint taskManagerMetrics() {
        return taskManagerMetrics;
    }

    public FlinkRestClient rest() {
        return new FlinkRestClient(restUrl());
    }

    /** The overview (taskmanagers, slots-total, jobs-running ...). */
    public JsonNode overview() {
        return rest().overview();
    }

    private void startTaskManager() throws IOException {
        Path logs = home.resolve("logs");
        taskManager = ComponentProcess.start("flink-taskmanager", taskManagerCommand, Map.of(), home,
                logs.resolve("taskmanager.out"));
        taskManagerStarts.incrementAndGet();
    }

    /** The supervisor: a daemon thread that starts a new TaskManager whenever the current one's process ends. */
    private void superviseTaskManager() {
        Thread supervisor = new Thread(() -> {
            while (!closing) {
                ComponentProcess current = taskManager;
                try {
                    current.onExit().get();
                    if (closing) {
                        return;
                    }
                    Thread.sleep(RESTART_DELAY.toMillis());
                    synchronized (this) {
                        if (!closing) {
                            startTaskManager();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (!closing) {
                        System.err.println("nsgflow localstack: cannot restart the Flink TaskManager: " + e);
                    }
                    return;
                }
            }
        }, "flink-taskmanager-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /**
     * Kills the TaskManager process with SIGKILL (no graceful shutdown: its tasks just vanish);
     * the supervisor starts a replacement. Returns once the killed process is gone.
     */
    public void killTaskManager() {
        taskManager.kill();
    }

    /** How many TaskManager processes were started: 1, plus one per replacement. */
    public int taskManagerStarts() {
        return taskManagerStarts.get();
    }

    /** Whether the current TaskManager process is running (a replacement may be starting). */
    public boolean taskManagerAlive() {
        return taskManager.isAlive();
    }

    /**
     * Waits until the JobManager lists exactly one TaskManager (a lost one has been noticed and its
     * replacement registered) with all {@value #SLOTS} slots.
     */
    public void awaitOneTaskManager(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode overview = null;
        while (System.nanoTime() < deadline) {
            try {
                overview = overview();
                if (overview.path("taskmanagers").asInt() == 1 && overview.path("slots-total").asInt() == SLOTS) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the JobManager answers again in a moment
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted", e);
            }
        }
        throw new LocalStackException("not exactly one TaskManager with " + SLOTS + " slots within " + timeout + ": "
                + overview);
    }

    @Override
    public void close() {
        // TaskManager first, so it does not spend the grace period reconnecting to a gone JobManager
        synchronized (this) {
            closing = true;
        }
        if (taskManager != null) {
            taskManager.close();
        }
        if (jobManager != null) {
            jobManager.close();
        }
    }

    @Override
    public String toString() {
        return "Flink session cluster at " + restUrl();
    }
}
