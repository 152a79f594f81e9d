package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * One AVNM security admin rule ({@code Microsoft.Network/networkManagers/securityAdminConfigurations/
 * ruleCollections/rules}, kind Custom): the fields of an NSG rule with priority 1-4096 and an
 * {@link AdminAction}. {@code sources} and {@code destinations} are its address entries as read:
 * {@code *}, IPs, CIDRs and service tag names, or {@code networkGroup:<id>} for an entry of
 * addressPrefixType NetworkGroup (the address spaces of the group's VNets).
 */
public record SecurityAdminRule(
        String id,
        String name,
        int priority,
        Direction direction,
        AdminAction action,
        String protocol,
        List<String> sources,
        List<String> sourcePortRanges,
        List<String> destinations,
        List<String> destinationPortRanges) {

    /** Marks a network-group entry of {@link #sources} / {@link #destinations}. */
    public static final String NETWORK_GROUP_ENTRY = "networkGroup:";

    public SecurityAdminRule {
        sources = List.copyOf(sources);
        sourcePortRanges = List.copyOf(sourcePortRanges);
        destinations = List.copyOf(destinations);
        destinationPortRanges = List.copyOf(destinationPortRanges);
    }

    /**
     * The rule's match conditions as an NSG rule (access Deny for Deny, else Allow), network-group
     * entries replaced by the address spaces of the group's VNets in the snapshot: what both
     * evaluators match a flow against.
     */
    public SecurityRule conditions(PolicySnapshot snapshot) {
        return new SecurityRule(name, priority, direction, action.access(), protocol, expand(sources, snapshot),
                sourcePortRanges, expand(destinations, snapshot), destinationPortRanges, List.of(), List.of(), false);
    }

    private static List<String> expand(List<String> entries, PolicySnapshot snapshot) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e.startsWith(NETWORK_GROUP_ENTRY)) {
                NetworkGroup g = snapshot.networkGroup(e.substring(NETWORK_GROUP_ENTRY.length()));
                if (g != null) {
                    for (String member : g.memberVirtualNetworkIds()) {
                        VirtualNetwork v = snapshot.vnet(member);
                        if (v != null) {
                            out.addAll(v.addressPrefixes());
                        }
                    }
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }
}
