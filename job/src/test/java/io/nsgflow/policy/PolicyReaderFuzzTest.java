package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The policy reader accepts a document or rejects it with a {@link PolicyValidationException}
 * naming the resource, never with another exception; what it accepts can be used: a snapshot
 * compiles (or is rejected the same way), and the compiled evaluator answers probe flows at every
 * NIC exactly as the linear-scan oracle does. In a normal test run this replays the corpus in
 * {@code PolicyReaderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class PolicyReaderFuzzTest {

    private static final IpAddress[] REMOTES = {
        IpAddress.parse("8.8.8.8"), IpAddress.parse("10.1.1.4"), IpAddress.parse("168.63.129.16"), IpAddress.parse("fd00::1")
    };
    private static final int[] PROTOCOLS = {6, 17, 1};
    private static final int[] PORTS = {22, 443};
    private static final int MAX_NICS = 8;

    @FuzzTest(maxDuration = "10m")
    void snapshotFilesAreReadOrRejectedNamingTheProblem(byte[] input) {
        PolicySnapshot snapshot;
        try {
            snapshot = PolicyReader.readSnapshot(new String(input, StandardCharsets.UTF_8));
        } catch (PolicyValidationException e) {
            assertNamesTheProblem(e);
            return;
        }
        CompiledPolicy compiled;
        try {
            compiled = CompiledPolicy.compile(snapshot);
        } catch (PolicyValidationException e) {
            assertNamesTheProblem(e);
            return;
        }
        assertThat(compiled.snapshot()).isSameAs(snapshot);
        LinearScanEvaluator oracle = new LinearScanEvaluator(snapshot);
        int nics = 0;
        for (String nicId : snapshot.networkInterfaces().keySet()) {
            if (nics++ == MAX_NICS) {
                break;
            }
            CompiledPolicy.Nic nic = compiled.nicById(nicId);
            assertThat(nic).as("compiled NIC %s", nicId).isNotNull();
            List<IpAddress> locals = new java.util.ArrayList<>();
            for (io.nsgflow.net.IpPrefix block : nic.addressBlocks().subList(0, Math.min(2, nic.addressBlocks().size()))) {
                // a configuration's address, and the last address of its block (the same for a single address)
                locals.add(IpAddress.of(block.firstHi(), block.firstLo()));
                locals.add(IpAddress.of(block.lastHi(), block.lastLo()));
            }
            for (IpAddress local : locals) {
                for (IpAddress remote : REMOTES) {
                    for (int protocol : PROTOCOLS) {
                        for (int port : PORTS) {
                            sameAnswer(compiled, oracle, nicId, Direction.INBOUND, protocol, remote, local, port);
                            sameAnswer(compiled, oracle, nicId, Direction.OUTBOUND, protocol, local, remote, port);
                        }
                    }
                }
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void singleResourceMessagesAreReadOrRejectedNamingTheProblem(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        PolicyReader.PolicyChange change;
        try {
            change = PolicyReader.readChange(json);
        } catch (PolicyValidationException e) {
            assertNamesTheProblem(e);
            return;
        }
        if (change instanceof PolicyReader.ResourceChange r) {
            PolicyResource resource = r.resource();
            assertThat(resource.key()).isNotBlank().isEqualTo(resource.key().toLowerCase(java.util.Locale.ROOT));
            assertThat(resource.name()).isNotNull();
            // the same document read as a resource gives the same resource
            try {
                assertThat(PolicyReader.readResource(json).key()).isEqualTo(resource.key());
            } catch (PolicyValidationException e) {
                throw new AssertionError("read as a message but not as a resource: " + e.getMessage(), e);
            }
        } else {
            assertThat(((PolicyReader.SnapshotChange) change).snapshot()).isNotNull();
        }
    }

    private static void sameAnswer(CompiledPolicy compiled, LinearScanEvaluator oracle, String nicId, Direction direction,
            int protocol, IpAddress src, IpAddress dst, int dstPort) {
        PolicyVerdict expected = oracle.evaluate(nicId, direction, protocol, src, 50000, dst, dstPort);
        PolicyVerdict actual = compiled.evaluate(nicId, direction, protocol, src, 50000, dst, dstPort);
        assertThat(actual).as("%s %s %d %s -> %s:%d", nicId, direction, protocol, src, dst, dstPort).isEqualTo(expected);
    }

    private static void assertNamesTheProblem(PolicyValidationException e) {
        assertThat(e.resource()).isNotBlank();
        assertThat(e.getMessage()).isNotBlank().startsWith(e.resource());
    }
}
