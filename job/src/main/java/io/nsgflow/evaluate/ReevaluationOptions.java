package io.nsgflow.evaluate;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Options of re-evaluating flows against the versioned policy. */
public final class ReevaluationOptions {

    private ReevaluationOptions() {}

    public static final ConfigOption<Duration> POLICY_MAX_WAIT = ConfigOptions
            .key("policy.wait.max-time").durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("How long (in event time) a flow that no policy version covers yet waits for one"
                    + " before it is reported as not judged.");

    public static final ConfigOption<Integer> POLICY_MAX_WAITING_PER_NIC = ConfigOptions
            .key("policy.wait.max-flows-per-nic").intType().defaultValue(10_000)
            .withDescription("How many flows of one NIC may wait for a policy; more are reported as not judged at once.");

    public static final ConfigOption<Duration> POLICY_ALLOWED_LATENESS = ConfigOptions
            .key("policy.allowed-lateness").durationType().defaultValue(Duration.ofHours(6))
            .withDescription("Policy versions superseded longer than this before the latest version's effectiveFrom"
                    + " are pruned (the same on every parallel instance, whatever its watermark); connection starts"
                    + " older than that horizon are reported as not judged. replay keeps every version.");

    /** Fails with a message naming the option when a value is out of range. */
    public static void validate(Configuration conf) {
        if (conf.get(POLICY_MAX_WAIT).isNegative()) {
            throw new IllegalArgumentException(POLICY_MAX_WAIT.key() + " must not be negative, was " + conf.get(POLICY_MAX_WAIT));
        }
        if (conf.get(POLICY_MAX_WAITING_PER_NIC) < 0) {
            throw new IllegalArgumentException(POLICY_MAX_WAITING_PER_NIC.key() + " must not be negative, was "
                    + conf.get(POLICY_MAX_WAITING_PER_NIC));
        }
        if (conf.get(POLICY_ALLOWED_LATENESS).isNegative()) {
            throw new IllegalArgumentException(POLICY_ALLOWED_LATENESS.key() + " must not be negative, was "
                    + conf.get(POLICY_ALLOWED_LATENESS));
        }
    }
}
