package io.nsgflow.policy.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.policy.AddressEntry;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.PolicyValidator;
import io.nsgflow.policy.SecurityRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomPolicyGeneratorTest {

    @Test
    void enterpriseShapeHasTheBenchmarkSizesAndIsValid() throws Exception {
        PolicySnapshot s = RandomPolicyGenerator.generate(PolicyShape.enterprise(), 42);
        PolicyValidator.validate(s);
        assertThat(s.networkSecurityGroups()).hasSize(200);
        assertThat(s.networkSecurityGroups().values().stream().mapToInt(g -> g.securityRules().size()).sum()).isEqualTo(10_000);
        assertThat(s.networkInterfaces()).hasSize(20_000);
        assertThat(s.applicationSecurityGroups()).hasSize(500);
        assertThat(s.serviceTags().prefixesByName().values().stream().mapToInt(List::size).sum()).isEqualTo(5_000);
    }

    @Test
    void smallPoliciesAreAdversarial() throws Exception {
        PolicySnapshot s = RandomPolicyGenerator.generate(PolicyShape.small(), 1);
        PolicyValidator.validate(s);
        List<SecurityRule> rules = s.networkSecurityGroups().values().stream()
                .flatMap(g -> g.securityRules().stream()).toList();
        assertThat(rules).anyMatch(r -> r.protocol().equals("*"));
        assertThat(rules).anyMatch(r -> !r.sourceApplicationSecurityGroups().isEmpty() || !r.destinationApplicationSecurityGroups().isEmpty());
        assertThat(rules).anyMatch(r -> r.destinationAddressPrefixes().stream()
                .anyMatch(a -> AddressEntry.parse(a).kind() == AddressEntry.Kind.SERVICE_TAG));
        assertThat(rules).anyMatch(r -> r.destinationAddressPrefixes().stream().anyMatch(a -> a.contains(":")));
        assertThat(s.networkInterfaces().values()).anyMatch(n -> n.networkSecurityGroupId() == null)
                .anyMatch(n -> n.networkSecurityGroupId() != null);
        assertThat(s.subnets().values()).anyMatch(r -> r.subnet().networkSecurityGroupId() == null)
                .anyMatch(r -> r.subnet().networkSecurityGroupId() != null);
    }
}
