package io.nsgflow.policy;

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

    /** One IP configuration: private IP, its subnet (ARM id), and the ASGs it belongs to (ARM ids). */
    public record IpConfiguration(String name, String privateIpAddress, String subnetId, List<String> applicationSecurityGroupIds) {
        public IpConfiguration {
            applicationSecurityGroupIds = List.copyOf(applicationSecurityGroupIds);
        }
    }
}
