package io.nsgflow.policy;

import java.util.List;

/**
 * An AVNM network group: the VNets that are its static members ({@code staticMembers/<m>} with
 * {@code properties.resourceId}). Members that are no VNet of the snapshot are kept but match nothing.
 */
public record NetworkGroup(String id, String name, List<String> memberVirtualNetworkIds) implements PolicyResource {

    public NetworkGroup {
        memberVirtualNetworkIds = List.copyOf(memberVirtualNetworkIds);
    }

    @Override
    public String kind() {
        return "networkGroup";
    }

    /** Whether the VNet (ARM id, any case) is a member. */
    public boolean hasMember(String vnetId) {
        for (String m : memberVirtualNetworkIds) {
            if (m.equalsIgnoreCase(vnetId)) {
                return true;
            }
        }
        return false;
    }
}
