package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import java.util.List;

/**
 * One rule of an NSG, as read: singular and plural fields merged into lists (augmented rules).
 * Address entries are {@code *}, IPs, CIDRs or service tag names; ASGs are ARM ids.
 */
public record SecurityRule(
        String name,
        int priority,
        Direction direction,
        Access access,
        String protocol,
        List<String> sourceAddressPrefixes,
        List<String> sourcePortRanges,
        List<String> destinationAddressPrefixes,
        List<String> destinationPortRanges,
        List<String> sourceApplicationSecurityGroups,
        List<String> destinationApplicationSecurityGroups,
        boolean isDefault) {

    public SecurityRule {
        sourceAddressPrefixes = List.copyOf(sourceAddressPrefixes);
        sourcePortRanges = List.copyOf(sourcePortRanges);
        destinationAddressPrefixes = List.copyOf(destinationAddressPrefixes);
        destinationPortRanges = List.copyOf(destinationPortRanges);
        sourceApplicationSecurityGroups = List.copyOf(sourceApplicationSecurityGroups);
        destinationApplicationSecurityGroups = List.copyOf(destinationApplicationSecurityGroups);
    }

    /** As IP flow verify names it: {@code securityRules/<name>} or {@code defaultSecurityRules/<name>}. */
    public String qualifiedName() {
        return (isDefault ? "defaultSecurityRules/" : "securityRules/") + name;
    }
}
