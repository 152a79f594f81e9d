package io.nsgflow.policy;

/**
 * The AVNM security admin rule that matched a flow at a NIC, evaluated before the NSGs: one step
 * of the trace. {@code ruleName} is the rule's path under its configuration,
 * {@code securityAdminConfigurations/<config>/ruleCollections/<collection>/rules/<rule>}.
 */
public record AdminVerdict(String configurationId, String configurationName, String configurationGuid,
        String ruleCollectionName, SecurityAdminRule rule, String ruleName) {

    public AdminVerdict(SecurityAdminConfiguration config, SecurityAdminConfiguration.RuleCollection collection,
            SecurityAdminRule rule) {
        this(config.id(), config.name(), config.resourceGuid(), collection.name(), rule,
                "securityAdminConfigurations/" + config.name() + "/ruleCollections/" + collection.name() + "/rules/" + rule.name());
    }

    public AdminAction action() {
        return rule.action();
    }

    /** Whether the rule decided the flow (Deny, AlwaysAllow): then no NSG was evaluated. */
    public boolean decides() {
        return rule.action().decides();
    }
}
