package io.nsgflow.policy;

/**
 * What one NSG decided for a flow, and by which rule: one step of the trace. {@code ruleName} is
 * the rule's {@code securityRules/<name>} or {@code defaultSecurityRules/<name>}, made once with
 * the verdict (the compiled tables build their verdicts ahead, so no flow concatenates it).
 */
public record NsgVerdict(String nsgId, String nsgName, String resourceGuid, AppliedAt appliedAt, SecurityRule rule,
        String ruleName) {

    public NsgVerdict {
        if (!ruleName.equals(rule.qualifiedName())) {
            throw new IllegalArgumentException("rule name '" + ruleName + "' is not the rule's " + rule.qualifiedName());
        }
    }

    public NsgVerdict(String nsgId, String nsgName, String resourceGuid, AppliedAt appliedAt, SecurityRule rule) {
        this(nsgId, nsgName, resourceGuid, appliedAt, rule, rule.qualifiedName());
    }

    public Access access() {
        return rule.access();
    }
}
