package io.nsgflow.policy;

/** What one NSG decided for a flow, and by which rule: one step of the trace. */
public record NsgVerdict(String nsgId, String nsgName, String resourceGuid, AppliedAt appliedAt, SecurityRule rule) {

    public Access access() {
        return rule.access();
    }

    /** {@code securityRules/<name>} or {@code defaultSecurityRules/<name>}. */
    public String ruleName() {
        return rule.qualifiedName();
    }
}
