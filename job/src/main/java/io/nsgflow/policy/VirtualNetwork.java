package io.nsgflow.policy;

import java.util.List;

/** A VNet: address space, subnets, peerings. */
public record VirtualNetwork(
        String id, String name, List<String> addressPrefixes, List<Subnet> subnets, List<Peering> peerings)
        implements PolicyResource {

    public VirtualNetwork {
        addressPrefixes = List.copyOf(addressPrefixes);
        subnets = List.copyOf(subnets);
        peerings = List.copyOf(peerings);
    }

    @Override
    public String kind() {
        return "virtualNetwork";
    }

    /** A subnet and its NSG (ARM id, or null). */
    public record Subnet(String id, String name, List<String> addressPrefixes, String networkSecurityGroupId) {
        public Subnet {
            addressPrefixes = List.copyOf(addressPrefixes);
        }
    }

    /** A peering: the remote VNet and the address space it brings into the VirtualNetwork tag. */
    public record Peering(String name, String remoteVirtualNetworkId, List<String> remoteAddressPrefixes) {
        public Peering {
            remoteAddressPrefixes = List.copyOf(remoteAddressPrefixes);
        }
    }
}
