package io.nsgflow.policy;

import io.nsgflow.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What the VirtualNetwork tag stands for at a NIC of a VNet: the VNet's address space and the
 * address spaces of its peerings ({@code remoteAddressSpace}, or the remote VNet's own space when
 * the peering does not list it). Choice: the host VIP 168.63.129.16 is not included, so health
 * probes are decided by AllowAzureLoadBalancerInBound (as Azure logs them), not AllowVnetInBound.
 */
public final class VirtualNetworkTag {

    private VirtualNetworkTag() {}

    public static List<IpPrefix> prefixes(PolicySnapshot snapshot, VirtualNetwork vnet) {
        List<IpPrefix> out = new ArrayList<>();
        vnet.addressPrefixes().forEach(p -> out.add(IpPrefix.parse(p)));
        for (VirtualNetwork.Peering peering : vnet.peerings()) {
            List<String> remote = peering.remoteAddressPrefixes();
            if (remote.isEmpty()) {
                VirtualNetwork other = snapshot.vnet(peering.remoteVirtualNetworkId());
                remote = other == null ? List.of() : other.addressPrefixes();
            }
            remote.forEach(p -> out.add(IpPrefix.parse(p)));
        }
        return out;
    }
}
