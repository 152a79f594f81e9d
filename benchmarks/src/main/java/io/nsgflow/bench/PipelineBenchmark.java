package io.nsgflow.bench;

import io.nsgflow.ingest.RawPayload;
import io.nsgflow.lateral.LateralOptions;
import io.nsgflow.pipeline.NsgflowPipeline;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the whole pipeline (decode, re-evaluate against the policy, drift findings and
 * alerts, per-minute aggregates) at parallelism 1 on a local MiniCluster, in streaming mode as
 * {@code stream} runs it: an hour of NSG v2 flow logs of {@link SmallEnterprise} from memory,
 * every output into a discarding sink. One invocation is one whole job over all the payloads
 * ({@link #TUPLES} tuples), so the score (operations per second) is flow tuples per second, job
 * start-up and the final flush of the windows included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dlog4j2.level=WARN"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class PipelineBenchmark {

    static final int MINUTES = 60;
    static final int TUPLES_PER_MINUTE = 20_000;
    static final int TUPLES = MINUTES * TUPLES_PER_MINUTE;

    /** Shared with the job's map function: local execution runs in this JVM, with this class loader. */
    static volatile byte[][] payloads;

    private List<PolicyUpdate> policy;

    /** The lateral-movement detectors on or off ({@code lateral.enabled}), measured in one run. */
    @Param({"true", "false"})
    public boolean lateral;

    /** {@code state.backend.type}: hashmap (Flink's default) unless {@code -p backend=rocksdb} (the Kubernetes manifests'). */
    @Param({"hashmap"})
    public String backend;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<byte[]> generated = SmallEnterprise.payloads(MINUTES, TUPLES_PER_MINUTE, 7);
        long tuples = SmallEnterprise.tuples(generated);
        if (tuples != TUPLES) {
            throw new IllegalStateException("generated " + tuples + " tuples, expected " + TUPLES);
        }
        payloads = generated.toArray(byte[][]::new);
        policy = List.of(PolicyUpdates.read(SmallEnterprise.snapshotJson()));
        long bytes = generated.stream().mapToLong(p -> p.length).sum();
        System.out.printf("%n%d payloads, %d tuples, %d MB per invocation%n", payloads.length, tuples, bytes >> 20);
    }

    /** Runs the job once over all payloads: {@link #TUPLES} operations. */
    @Benchmark
    @OperationsPerInvocation(TUPLES)
    public void pipeline() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true); // as stream mode should run: no operator keeps its input
        conf.set(LateralOptions.ENABLED, lateral);
        conf.setString("state.backend.type", backend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        int n = payloads.length;
        var flowLogs = env.fromSequence(0, n - 1)
                .map(i -> RawPayload.fromFile(payloads[(int) (long) i], "bench-" + i), TypeInformation.of(RawPayload.class))
                .name("in-memory flow logs");
        var policyMessages = env.fromData(
                        List.of(RawPayload.fromFile(policy.get(0).getDocument().getBytes(StandardCharsets.UTF_8), "snapshot")),
                        TypeInformation.of(RawPayload.class))
                .name("policy snapshot");
        NsgflowPipeline.Outputs out = NsgflowPipeline.build(new NsgflowPipeline.Inputs(flowLogs, policyMessages, policy), conf);
        out.driftFindings().sinkTo(new DiscardingSink<>()).name("discard drift");
        out.alerts().sinkTo(new DiscardingSink<>()).name("discard alerts");
        out.aggregates().sinkTo(new DiscardingSink<>()).name("discard aggregates");
        out.deadLetters().sinkTo(new DiscardingSink<>()).name("discard dead letters");
        long cpuBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        env.execute("pipeline benchmark");
        // the machine is shared: CPU time says what one dedicated core would do, wall time what we got
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf("  [lateral %s, " + backend + ", %d tuples: %.1f s wall, %.1f s CPU of this JVM, %.0f tuples per CPU-second]%n",
                lateral, TUPLES, (System.nanoTime() - wallBefore) / 1e9, cpuSeconds, TUPLES / cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
