package io.nsgflow.policy;

import java.util.List;

/**
 * An AVNM security admin configuration: its rule collections, each applying to network groups and
 * holding security admin rules. VNet flow logs name it as the {@code aclID} of the flows its rules
 * decide (its resourceGuid, or its resource id).
 */
public record SecurityAdminConfiguration(String id, String name, String resourceGuid, List<RuleCollection> ruleCollections)
        implements PolicyResource {

    public SecurityAdminConfiguration {
        ruleCollections = List.copyOf(ruleCollections);
    }

    @Override
    public String kind() {
        return "securityAdminConfiguration";
    }

    /** A rule collection: the network groups (ARM ids) it applies to, and its rules. */
    public record RuleCollection(String id, String name, List<String> appliesToGroupIds, List<SecurityAdminRule> rules) {
        public RuleCollection {
            appliesToGroupIds = List.copyOf(appliesToGroupIds);
            rules = List.copyOf(rules);
        }
    }

    /** Whether a rule of this configuration has the name a flow log gives (any case, with or without a prefix). */
    public boolean hasRule(String logged) {
        String bare = LoggedRuleName.bare(logged);
        for (RuleCollection c : ruleCollections) {
            for (SecurityAdminRule r : c.rules()) {
                if (r.name().equalsIgnoreCase(bare)) {
                    return true;
                }
            }
        }
        return false;
    }
}
