package io.nsgflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reasons as the re-evaluation writes them (FlowEvaluator, PolicyReevaluationFunction), each in its kind. */
class UnjudgedReasonsTest {

    @Test
    void everyReasonTheReevaluationWritesHasItsKind() {
        assertThat(UnjudgedReasons.kindOf("no policy in force at 2026-11-20T09:00:00Z"))
                .startsWith("no policy version was in force at the flow's time");
        assertThat(UnjudgedReasons.kindOf("no policy in force at 2026-11-20T09:00:00Z arrived within PT10M"))
                .startsWith("no policy version was in force");
        assertThat(UnjudgedReasons.kindOf("no policy in force at 2026-11-20T09:00:00Z and 10000 flows of this NIC"
                + " already wait for one")).startsWith("no policy version was in force");
        assertThat(UnjudgedReasons.kindOf("older than the allowed lateness: its policy version was pruned"))
                .startsWith("older than policy.allowed-lateness");
        assertThat(UnjudgedReasons.kindOf("policy v3 is unusable: nsg 'a' ...")).isEqualTo("the policy version in force is unusable");
        assertThat(UnjudgedReasons.kindOf("no rule decided (dropped for encryption)")).startsWith("no rule decided");
        assertThat(UnjudgedReasons.kindOf("flow has no usable address")).isEqualTo("the flow has no usable address");
        assertThat(UnjudgedReasons.kindOf(FlowEvaluator.PLATFORM_REASON)).startsWith("decided by the Azure platform");
        assertThat(UnjudgedReasons.kindOf("no NIC of policy v1 has MAC 00-0D-3A-00-00-01 or IP 10.9.9.9"))
                .startsWith("no NIC of the policy has the flow's MAC or local address");
        assertThat(UnjudgedReasons.kindOf("the flow log names no NSG")).isEqualTo("the flow log names no NSG");
        assertThat(UnjudgedReasons.kindOf("the flow log's NSG '/subscriptions/s/.../nsg-x' is not in policy v1 (neither"
                + " by resource id nor by resourceGuid)")).startsWith("the NSG that logged it is not in the policy");
        assertThat(UnjudgedReasons.kindOf("something new")).isEqualTo(UnjudgedReasons.OTHER);
    }
}
