package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Every kind of inconsistent input is rejected with a message naming the resource and the field. */
class PolicyValidationTest {

    private static final String P = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/";

    private static String rule(String name, String priority, String direction, String extra) {
        return "{\"name\": \"" + name + "\", \"properties\": {\"priority\": " + priority + ", \"direction\": \"" + direction
                + "\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"sourcePortRange\": \"*\","
                + " \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"80\"" + extra + "}}";
    }

    private static String nsg(String... rules) {
        return "{\"id\": \"" + P + "networkSecurityGroups/nsg-a\", \"name\": \"nsg-a\", \"type\": \"Microsoft.Network/networkSecurityGroups\","
                + " \"properties\": {\"securityRules\": [" + String.join(",", rules) + "]}}";
    }

    private static final String VNET = "{\"id\": \"" + P + "virtualNetworks/vnet-a\", \"name\": \"vnet-a\", \"properties\":"
            + " {\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}, \"subnets\": [{\"name\": \"s1\", \"properties\":"
            + " {\"addressPrefix\": \"10.0.1.0/24\"}}]}}";

    private static String nic(String name, String ip, String subnet, String extra) {
        return "{\"id\": \"" + P + "networkInterfaces/" + name + "\", \"name\": \"" + name + "\", \"properties\": {"
                + "\"ipConfigurations\": [{\"name\": \"c1\", \"properties\": {\"privateIPAddress\": \"" + ip + "\","
                + " \"subnet\": {\"id\": \"" + P + "virtualNetworks/vnet-a/subnets/" + subnet + "\"}" + extra + "}}]}}";
    }

    private static String snapshot(String vnets, String nsgs, String nics, String asgs) {
        return "{\"version\": \"t\", \"virtualNetworks\": [" + vnets + "], \"networkSecurityGroups\": [" + nsgs
                + "], \"networkInterfaces\": [" + nics + "], \"applicationSecurityGroups\": [" + asgs + "]}";
    }

    private static PolicyValidationException rejectResource(String json) {
        return catchThrowableOfType(() -> PolicyReader.readResource(json), PolicyValidationException.class);
    }

    private static PolicyValidationException rejectSnapshot(String json) {
        return catchThrowableOfType(() -> PolicyReader.readSnapshot(json), PolicyValidationException.class);
    }

    private static void names(PolicyValidationException e, String resource, String field, String reason) {
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.resource()).isEqualTo(resource);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(resource).contains(reason);
        if (field != null) {
            assertThat(e.getMessage()).contains(field);
        }
    }

    @Test
    void twoRulesWithOnePriorityAndDirection() {
        names(rejectResource(nsg(rule("a", "100", "Inbound", ""), rule("b", "100", "Inbound", ""))),
                "networkSecurityGroup 'nsg-a'", "securityRules['b'].priority", "already used by Inbound rule 'a'");
        // the same priority in the other direction is fine
        assertThat(rejectResource(nsg(rule("a", "100", "Inbound", ""), rule("b", "100", "Outbound", "")))).isNull();
    }

    @Test
    void twoRulesWithOneName() {
        names(rejectResource(nsg(rule("a", "100", "Inbound", ""), rule("A", "200", "Inbound", ""))),
                "networkSecurityGroup 'nsg-a'", "securityRules['A'].name", "two rules have this name");
    }

    @Test
    void priorityOutOfRange() {
        names(rejectResource(nsg(rule("a", "99", "Inbound", ""))), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].priority", "99 is out of range 100-4096");
        names(rejectResource(nsg(rule("a", "4097", "Inbound", ""))), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].priority", "4097 is out of range");
        names(rejectResource(nsg(rule("a", "\"high\"", "Inbound", ""))), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].priority", "not an integer");
    }

    @Test
    void badDirectionAccessOrProtocol() {
        names(rejectResource(nsg(rule("a", "100", "Sideways", ""))), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].direction", "Sideways");
        names(rejectResource(nsg(rule("a", "100", "Inbound", "").replace("\"Allow\"", "\"Maybe\""))),
                "networkSecurityGroup 'nsg-a'", "securityRules['a'].access", "Maybe");
        names(rejectResource(nsg(rule("a", "100", "Inbound", "").replace("\"Tcp\"", "\"Gre\""))),
                "networkSecurityGroup 'nsg-a'", "securityRules['a'].protocol", "Gre");
    }

    @Test
    void unparsablePrefix() {
        names(rejectResource(nsg(rule("a", "100", "Inbound", "").replace("\"destinationAddressPrefix\": \"*\"",
                "\"destinationAddressPrefix\": \"10.0.0.0/33\""))), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].destinationAddressPrefix", "10.0.0.0/33");
        names(rejectResource(nsg(rule("a", "100", "Inbound", ", \"sourceAddressPrefixes\": [\"10.1.1.1\", \"10.1.1.300\"]"))),
                "networkSecurityGroup 'nsg-a'", "securityRules['a'].sourceAddressPrefix", "10.1.1.300");
        names(rejectResource(VNET.replace("10.0.0.0/16", "10.0.0/16")), "virtualNetwork 'vnet-a'",
                "addressSpace.addressPrefixes", "10.0.0/16");
        names(rejectResource(VNET.replace("10.0.1.0/24", "ten")), "virtualNetwork 'vnet-a'",
                "subnets[0].addressPrefix", "ten");
    }

    @Test
    void unparsablePortRange() {
        names(rejectResource(nsg(rule("a", "100", "Inbound", "").replace("\"80\"", "\"90-80\""))),
                "networkSecurityGroup 'nsg-a'", "securityRules['a'].destinationPortRange", "start after its end");
        names(rejectResource(nsg(rule("a", "100", "Inbound", "").replace("\"80\"", "\"70000\""))),
                "networkSecurityGroup 'nsg-a'", "securityRules['a'].destinationPortRange", "70000");
        names(rejectResource(nsg(rule("a", "100", "Inbound", ", \"sourcePortRanges\": [\"http\"]"))),
                "networkSecurityGroup 'nsg-a'", "securityRules['a'].sourcePortRange", "http");
        names(rejectResource(nsg(rule("a", "100", "Inbound", "").replace("\"destinationPortRange\": \"80\"",
                "\"destinationPortRange\": \"\""))), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].destinationPortRange", "no port range");
    }

    @Test
    void unknownApplicationSecurityGroup() {
        String withAsg = nsg(rule("a", "100", "Inbound", ", \"sourceApplicationSecurityGroups\": [{\"id\": \"" + P
                + "applicationSecurityGroups/asg-missing\"}]"));
        names(rejectSnapshot(snapshot(VNET, withAsg, "", "")), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].sourceApplicationSecurityGroups", "asg-missing");
        String nicWithAsg = nic("nic-a", "10.0.1.4", "s1",
                ", \"applicationSecurityGroups\": [{\"id\": \"" + P + "applicationSecurityGroups/asg-nope\"}]");
        names(rejectSnapshot(snapshot(VNET, "", nicWithAsg, "")), "networkInterface 'nic-a'",
                "ipConfigurations[0].applicationSecurityGroups", "asg-nope");
    }

    @Test
    void nicInAnUnknownSubnetOrOutsideIt() {
        names(rejectSnapshot(snapshot(VNET, "", nic("nic-a", "10.0.1.4", "s2", ""), "")), "networkInterface 'nic-a'",
                "ipConfigurations[0].subnet.id", "unknown subnet");
        names(rejectSnapshot(snapshot(VNET, "", nic("nic-a", "10.0.2.4", "s1", ""), "")), "networkInterface 'nic-a'",
                "ipConfigurations[0].privateIPAddress", "outside subnet 's1'");
        names(rejectResource(nic("nic-a", "10.0.1.999", "s1", "")), "networkInterface 'nic-a'",
                "ipConfigurations[0].privateIPAddress", "10.0.1.999");
    }

    @Test
    void unknownNsgReferences() {
        String nicWithNsg = nic("nic-a", "10.0.1.4", "s1", "").replace("\"ipConfigurations\"",
                "\"networkSecurityGroup\": {\"id\": \"" + P + "networkSecurityGroups/nsg-gone\"}, \"ipConfigurations\"");
        names(rejectSnapshot(snapshot(VNET, "", nicWithNsg, "")), "networkInterface 'nic-a'", "networkSecurityGroup.id",
                "nsg-gone");
        String vnetWithNsg = VNET.replace("\"addressPrefix\": \"10.0.1.0/24\"",
                "\"addressPrefix\": \"10.0.1.0/24\", \"networkSecurityGroup\": {\"id\": \"" + P + "networkSecurityGroups/nsg-gone\"}");
        names(rejectSnapshot(snapshot(vnetWithNsg, "", "", "")), "virtualNetwork 'vnet-a'",
                "subnets['s1'].networkSecurityGroup.id", "nsg-gone");
    }

    @Test
    void unknownServiceTag() {
        String withTag = nsg(rule("a", "100", "Outbound", "").replace("\"destinationAddressPrefix\": \"*\"",
                "\"destinationAddressPrefix\": \"Storage.MarsNorth\""));
        names(rejectSnapshot(snapshot(VNET, withTag, "", "")), "networkSecurityGroup 'nsg-a'",
                "securityRules['a'].destinationAddressPrefix", "unknown service tag 'Storage.MarsNorth'");
    }

    @Test
    void asgMembersInTwoVirtualNetworks() {
        String vnetB = VNET.replace("vnet-a", "vnet-b").replace("10.0.", "10.5.");
        String asg = "{\"id\": \"" + P + "applicationSecurityGroups/asg-1\"}";
        String member = ", \"applicationSecurityGroups\": [{\"id\": \"" + P + "applicationSecurityGroups/asg-1\"}]";
        String nicB = nic("nic-b", "10.5.1.4", "s1", member).replace("vnet-a/subnets", "vnet-b/subnets");
        names(rejectSnapshot(snapshot(VNET + "," + vnetB, "", nic("nic-a", "10.0.1.4", "s1", member) + "," + nicB, asg)),
                "networkInterface 'nic-b'", "ipConfigurations[0].applicationSecurityGroups", "another virtual network");
    }

    @Test
    void malformedDocuments() {
        names(rejectSnapshot("{\"virtualNetworks\": [ "), "snapshot", null, "not valid JSON");
        assertThat(rejectSnapshot("[1, 2]").getMessage()).contains("expected a JSON object");
        names(rejectResource("{\"name\": \"x\", \"securityRules\": []}"), "networkSecurityGroup 'x'", "id", "missing");
        names(rejectResource("{\"name\": \"thing\", \"color\": \"blue\"}"), "resource 'thing'", "type", "cannot tell");
        names(rejectResource(nic("nic-a", "10.0.1.4", "s1", "").replace("\"ipConfigurations\"",
                "\"macAddress\": \"00-0D-3A\", \"ipConfigurations\"")), "networkInterface 'nic-a'", "macAddress", "00-0D-3A");
        names(rejectSnapshot("{\"effectiveFrom\": \"yesterday\", \"virtualNetworks\": []}"), "snapshot", "effectiveFrom", "yesterday");
        names(rejectSnapshot(snapshot(VNET + "," + VNET, "", "", "")), "virtualNetwork 'vnet-a'", "id", "twice");
    }

    @Test
    void validSnapshotPasses() throws Exception {
        PolicySnapshot s = PolicyReader.readSnapshot(snapshot(VNET, nsg(rule("a", "100", "Inbound", "")),
                nic("nic-a", "10.0.1.4", "s1", ""), ""));
        assertThat(s.networkInterfaces()).hasSize(1);
        assertThat(s.subnet(P.toUpperCase() + "VIRTUALNETWORKS/VNET-A/SUBNETS/S1").subnet().name()).isEqualTo("s1");
    }
}
