package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.nsgflow.policy.synthetic.PolicyShape;
import io.nsgflow.policy.synthetic.RandomFlowGenerator;
import io.nsgflow.policy.synthetic.RandomPolicyGenerator;
import io.nsgflow.policy.synthetic.SyntheticFlow;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compiled evaluator against the linear-scan oracle on random adversarial policies: every
 * flow must get the same access, deciding NSG and rule, and trace. Every other policy has the
 * generator's extras (IP configurations holding address blocks, AVNM security admin rules).
 */
class CompiledPolicyDifferentialTest {

    private static final int SMALL_POLICIES = 190;
    private static final int FLOWS_PER_SMALL_POLICY = 5_000;
    private static final int MEDIUM_POLICIES = 4;
    private static final int FLOWS_PER_MEDIUM_POLICY = 15_000;

    @Test
    void compiledAgreesWithLinearScanOnOverAMillionRandomFlows() throws Exception {
        long flows = 0;
        Map<Access, Integer> accesses = new EnumMap<>(Access.class);
        Map<String, Integer> outcomes = new HashMap<>();
        for (int p = 0; p < SMALL_POLICIES + MEDIUM_POLICIES; p++) {
            boolean medium = p >= SMALL_POLICIES;
            PolicyShape shape = medium ? new PolicyShape(5, 6, 8, 1_200, 200, 20, 12, 400, true) : PolicyShape.small();
            RandomPolicyGenerator.Extras extras = p % 2 == 1 ? RandomPolicyGenerator.Extras.ALL : RandomPolicyGenerator.Extras.NONE;
            PolicySnapshot snapshot = RandomPolicyGenerator.generate(shape, 1000L + p, extras);
            CompiledPolicy compiled = CompiledPolicy.compile(snapshot);
            LinearScanEvaluator oracle = new LinearScanEvaluator(snapshot);
            RandomFlowGenerator gen = new RandomFlowGenerator(snapshot, 7L * p + 3);
            int n = medium ? FLOWS_PER_MEDIUM_POLICY : FLOWS_PER_SMALL_POLICY;
            for (int i = 0; i < n; i++) {
                SyntheticFlow f = gen.next();
                PolicyVerdict expected = oracle.evaluate(f.nicId(), f.direction(), f.protocol(), f.src(), f.srcPort(), f.dst(), f.dstPort());
                PolicyVerdict actual = compiled.evaluate(f.nicId(), f.direction(), f.protocol(), f.src(), f.srcPort(), f.dst(), f.dstPort());
                if (!expected.equals(actual)) {
                    fail("policy seed %d, flow %s:%nexpected %s%nactual   %s", 1000L + p, f, expected, actual);
                }
                if (i % 16 == 0 && (oracle.nicIdByIp(f.src()) != null || oracle.nicIdByIp(f.dst()) != null)) {
                    PolicyEvaluator.PathDecision pe = oracle.evaluateBetween(f.protocol(), f.src(), f.srcPort(), f.dst(), f.dstPort());
                    PolicyEvaluator.PathDecision pa = compiled.evaluateBetween(f.protocol(), f.src(), f.srcPort(), f.dst(), f.dstPort());
                    assertThat(pa).as("between, policy seed %d, flow %s", 1000L + p, f).isEqualTo(pe);
                }
                flows++;
                IpAddress local = f.direction() == Direction.INBOUND ? f.dst() : f.src();
                CompiledPolicy.Nic at = compiled.nicById(f.nicId());
                if (at.hasAddress(local) && !at.privateIps().contains(local)) {
                    outcomes.merge("inside-a-block", 1, Integer::sum);
                }
                accesses.merge(expected.access(), 1, Integer::sum);
                String outcome = expected.byPlatform() ? "platform"
                        : expected.decidedByAdmin() ? "admin-" + expected.admin().action().azureName()
                        : expected.deciding() == null ? "no-nsg"
                        : expected.trace().size() + "-nsg/" + (expected.deciding().rule().isDefault() ? "default" : "user");
                outcomes.merge(outcome, 1, Integer::sum);
                if (expected.admin() != null && !expected.decidedByAdmin()) {
                    outcomes.merge("admin-Allow-then-nsgs", 1, Integer::sum);
                }
            }
        }
        System.out.println("differential: " + flows + " flows, outcomes " + outcomes);
        assertThat(flows).isGreaterThanOrEqualTo(1_000_000);
        // the generator must exercise every kind of outcome, or agreement proves little
        assertThat(accesses.get(Access.ALLOW)).isGreaterThan(100_000);
        assertThat(accesses.get(Access.DENY)).isGreaterThan(100_000);
        assertThat(outcomes).containsKeys("platform", "no-nsg", "1-nsg/user", "1-nsg/default", "2-nsg/user", "2-nsg/default",
                "inside-a-block", "admin-Deny", "admin-AlwaysAllow", "admin-Allow-then-nsgs");
        assertThat(outcomes.values()).allSatisfy(count -> assertThat(count).isGreaterThan(1_000));
    }
}
