package io.nsgflow.policy.timeline;

import io.nsgflow.policy.CompiledPolicy;

/**
 * The policy in force from one change point on: compiled, or, when the versions in force do not
 * fit together (a NIC in a subnet no VNet has any more...), the reason it cannot be used.
 */
public record EffectivePolicy(String version, long effectiveFrom, CompiledPolicy compiled, String invalidReason) {

    public boolean isValid() {
        return compiled != null;
    }
}
