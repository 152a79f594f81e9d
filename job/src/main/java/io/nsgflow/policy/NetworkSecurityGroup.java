package io.nsgflow.policy;

import java.util.List;

/** An NSG: its own rules and its default rules (the six defaults are added by the reader when absent). */
public record NetworkSecurityGroup(
        String id, String name, String resourceGuid, List<SecurityRule> securityRules,
        List<SecurityRule> defaultSecurityRules) implements PolicyResource {

    public NetworkSecurityGroup {
        securityRules = List.copyOf(securityRules);
        defaultSecurityRules = List.copyOf(defaultSecurityRules);
    }

    @Override
    public String kind() {
        return "networkSecurityGroup";
    }
}
