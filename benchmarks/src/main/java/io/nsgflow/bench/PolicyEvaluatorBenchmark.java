package io.nsgflow.bench;

import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.PolicyVerdict;
import io.nsgflow.net.IpAddress;
import io.nsgflow.policy.LinearScanEvaluator;
import io.nsgflow.policy.NetworkInterface;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.synthetic.PolicyShape;
import io.nsgflow.policy.synthetic.RandomFlowGenerator;
import io.nsgflow.policy.synthetic.RandomPolicyGenerator;
import io.nsgflow.policy.synthetic.SyntheticFlow;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evaluations per second per thread, compiled vs linear scan, on a generated enterprise-size
 * policy (200 NSGs, 10,000 rules, 20,000 NICs, 500 ASGs, 5,000 service tag prefixes). Each
 * operation evaluates one flow at its NIC (the NIC already looked up by id, the flow's addresses
 * already parsed: both as the stream job does per flow); flows cycle through a pre-generated set.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyEvaluatorBenchmark {

    private static final int FLOWS = 1 << 14;

    /** The policy and flows, built once and shared by all threads (the evaluators are immutable). */
    @State(Scope.Benchmark)
    public static class Policy {
        CompiledPolicy compiled;
        LinearScanEvaluator naive;
        SyntheticFlow[] flows;
        CompiledPolicy.Nic[] nics;

        /**
         * 0: flows at all NICs (the benchmark). N: flows at N NICs only, so that what they touch
         * stays in the caches ({@code -p activeNics=64}): separates computation from memory latency.
         */
        @Param({"0"})
        int activeNics;

        /**
         * 1: every flow at a NIC drawn anew (the benchmark: the caches' worst case). N: flows in
         * runs of N at one NIC, as the job meets them: a flow-log record holds the flows of one
         * NIC (or of one NSG at one MAC) for a minute, and the re-evaluation is keyed by NIC.
         */
        @Param({"1"})
        int flowsPerNic;

        @Setup(Level.Trial)
        public void build() throws Exception {
            PolicySnapshot snapshot = RandomPolicyGenerator.generate(PolicyShape.enterprise(), 42);
            long before = usedHeapAfterGc();
            compiled = CompiledPolicy.compile(snapshot);
            // the compiled policy's footprint against the cache sizes explains the score
            System.out.printf("%ncompiled policy: %.1f MB of heap%n", (usedHeapAfterGc() - before) / 1e6);
            naive = new LinearScanEvaluator(snapshot);
            RandomFlowGenerator gen = new RandomFlowGenerator(snapshot, 7);
            List<NetworkInterface> allNics = List.copyOf(snapshot.networkInterfaces().values());
            Random pick = new Random(11);
            flows = new SyntheticFlow[FLOWS];
            nics = new CompiledPolicy.Nic[FLOWS];
            Set<String> active = new HashSet<>();
            NetworkInterface run = null;
            for (int i = 0; i < FLOWS; i++) {
                SyntheticFlow f;
                if (flowsPerNic > 1) {
                    if (i % flowsPerNic == 0) {
                        run = allNics.get(pick.nextInt(allNics.size()));
                    }
                    f = gen.nextAt(run);
                } else {
                    f = gen.next();
                }
                if (activeNics > 0 && active.size() >= activeNics && !active.contains(f.nicId())) {
                    i--;
                    continue;
                }
                active.add(f.nicId());
                // addresses of its own, allocated with the flow, as a parsed flow record has them
                // (the generator shares one object per address across flows)
                flows[i] = new SyntheticFlow(f.nicId(), f.direction(), f.protocol(),
                        IpAddress.of(f.src().hi(), f.src().lo()), f.srcPort(),
                        IpAddress.of(f.dst().hi(), f.dst().lo()), f.dstPort());
                nics[i] = compiled.nicById(flows[i].nicId());
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Per-thread position in the flow set. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            next = (next + 1) & (FLOWS - 1);
            return next;
        }
    }

    @Benchmark
    public PolicyVerdict compiled(Policy p, Cursor c) {
        int i = c.advance();
        SyntheticFlow f = p.flows[i];
        return p.compiled.evaluate(p.nics[i], f.direction(), f.protocol(), f.src(), f.srcPort(), f.dst(), f.dstPort());
    }

    @Benchmark
    public PolicyVerdict naive(Policy p, Cursor c) {
        SyntheticFlow f = p.flows[c.advance()];
        return p.naive.evaluate(f.nicId(), f.direction(), f.protocol(), f.src(), f.srcPort(), f.dst(), f.dstPort());
    }
}
