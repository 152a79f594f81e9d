package io.nsgflow.policy;

import io.nsgflow.net.IpPrefix;
import java.util.List;

/** A NIC: MAC, its own NSG (or null), and IP configurations. */
public record NetworkInterface(
        String id, String name, String macAddress, String networkSecurityGroupId,
        List<IpConfiguration> ipConfigurations) implements PolicyResource {

    public NetworkInterface {
        ipConfigurations = List.copyOf(ipConfigurations);
    }

    @Override
    public String kind() {
        return "networkInterface";
    }

    /**
     * One IP configuration: its private address, its subnet (ARM id), and the ASGs it belongs to
     * (ARM ids). The REST API documents {@code privateIPAddress} as a single address or a CIDR block
     * ({@code privateIPAddressPrefixLength}, e.g. 172.20.2.16/28): {@code privateIpAddress} is the
     * address (the block's first one), {@code prefixLength} the block's length, or null for a single
     * address. Every address of the block belongs to the NIC.
     */
    public record IpConfiguration(String name, String privateIpAddress, Integer prefixLength, String subnetId,
            List<String> applicationSecurityGroupIds) {
        public IpConfiguration {
            applicationSecurityGroupIds = List.copyOf(applicationSecurityGroupIds);
        }

        /** A configuration with a single address. */
        public IpConfiguration(String name, String privateIpAddress, String subnetId, List<String> applicationSecurityGroupIds) {
            this(name, privateIpAddress, null, subnetId, applicationSecurityGroupIds);
        }

        /** The addresses of the configuration: its block, or the single address as a /32 (/128). */
        public IpPrefix block() {
            return IpPrefix.parse(prefixLength == null ? privateIpAddress : privateIpAddress + "/" + prefixLength);
        }

        /** Whether the configuration holds a block of more than one address. */
        public boolean isBlock() {
            IpPrefix b = block();
            return b.firstHi() != b.lastHi() || b.firstLo() != b.lastLo();
        }

        /** As the REST API writes it: the address, or {@code address/length} for a block. */
        public String addressText() {
            return prefixLength == null ? privateIpAddress : privateIpAddress + "/" + prefixLength;
        }
    }
}
