package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading ARM and az CLI JSON: shapes, kinds, defaults, and the snapshot assembled from resources. */
class PolicyReaderTest {

    @Test
    void armAndAzShapesReadToTheSameResources() {
        PolicySnapshot arm = TestPolicies.arm();
        PolicySnapshot az = TestPolicies.az();
        assertThat(az.networkSecurityGroups().keySet()).isEqualTo(arm.networkSecurityGroups().keySet());
        assertThat(az.networkInterfaces().keySet()).isEqualTo(arm.networkInterfaces().keySet());
        assertThat(az.virtualNetworks().keySet()).isEqualTo(arm.virtualNetworks().keySet());
        assertThat(az.applicationSecurityGroups().keySet()).isEqualTo(arm.applicationSecurityGroups().keySet());
        for (String key : arm.networkSecurityGroups().keySet()) {
            assertThat(az.networkSecurityGroups().get(key).securityRules())
                    .as(key).isEqualTo(arm.networkSecurityGroups().get(key).securityRules());
        }
        assertThat(az.serviceTags().prefixesByName()).isEqualTo(arm.serviceTags().prefixesByName());
        assertThat(arm.version()).isEqualTo("2026-11-20.1");
        assertThat(arm.effectiveFrom()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void singularAndPluralFieldsAreMerged() {
        NetworkSecurityGroup web = TestPolicies.arm().nsg(TestPolicies.PREFIX + "networkSecurityGroups/nsg-web-subnet");
        SecurityRule http = web.securityRules().stream().filter(r -> r.name().equals("AllowHttpFromInternet")).findFirst().orElseThrow();
        assertThat(http.destinationPortRanges()).containsExactly("80", "8080-8090");
        assertThat(http.sourceAddressPrefixes()).containsExactly("Internet");
    }

    @Test
    void theSixDefaultRulesAreAddedWhenAbsent() throws Exception {
        NetworkSecurityGroup g = (NetworkSecurityGroup) PolicyReader.readResource(
                "{\"id\": \"/s/networkSecurityGroups/empty\", \"type\": \"Microsoft.Network/networkSecurityGroups\"}");
        assertThat(g.name()).isEqualTo("empty");
        assertThat(g.securityRules()).isEmpty();
        assertThat(g.defaultSecurityRules()).extracting(SecurityRule::name).containsExactlyInAnyOrder(
                "AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound",
                "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound");
        assertThat(g.defaultSecurityRules()).allMatch(SecurityRule::isDefault);
    }

    @Test
    void eachKindIsDetectedInBothShapes() throws Exception {
        assertThat(PolicyReader.readResource("{\"id\": \"/s/applicationSecurityGroups/a1\", \"properties\": {}}"))
                .isInstanceOf(ApplicationSecurityGroup.class);
        assertThat(PolicyReader.readResource("{\"id\": \"/s/x/vnet\", \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}"))
                .isInstanceOf(VirtualNetwork.class);
        assertThat(PolicyReader.readResource("{\"id\": \"/s/x/vnet\", \"type\": \"Microsoft.Network/virtualNetworks\","
                + " \"properties\": {\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}}"))
                .isInstanceOf(VirtualNetwork.class);
        assertThat(PolicyReader.readResource("{\"id\": \"/s/x/n1\", \"ipConfigurations\": [{\"name\": \"c\","
                + " \"privateIpAddress\": \"10.0.0.4\", \"subnet\": {\"id\": \"/s/x/vnet/subnets/a\"}}]}"))
                .isInstanceOf(NetworkInterface.class);
        assertThat(PolicyReader.readResource("{\"id\": \"/s/x/g\", \"securityRules\": []}"))
                .isInstanceOf(NetworkSecurityGroup.class);
        ServiceTags tags = (ServiceTags) PolicyReader.readResource("{\"changeNumber\": \"7\", \"values\": [{\"name\": \"Storage.EastUS\","
                + " \"properties\": {\"addressPrefixes\": [\"20.38.98.0/24\"]}}]}");
        assertThat(tags.prefixes("storage.eastus")).containsExactly("20.38.98.0/24");
    }

    @Test
    void aPolicyMessageIsASnapshotOrOneResourceWithItsEffectiveTime() throws Exception {
        assertThat(PolicyReader.readChange(TestPolicies.resource("snapshot-az.json")))
                .isInstanceOfSatisfying(PolicyReader.SnapshotChange.class,
                        s -> assertThat(s.snapshot().networkInterfaces()).hasSize(7));
        assertThat(PolicyReader.readChange("{\"id\": \"/s/applicationSecurityGroups/a1\", \"effectiveFrom\": \"2026-11-21T00:00:00Z\"}"))
                .isInstanceOfSatisfying(PolicyReader.ResourceChange.class, c -> {
                    assertThat(c.resource()).isInstanceOf(ApplicationSecurityGroup.class);
                    assertThat(c.effectiveFrom()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
                });
    }

    @Test
    void aSnapshotCanBeAssembledFromResourcesAndOneReplaced() throws Exception {
        PolicySnapshot arm = TestPolicies.arm();
        PolicySnapshot rebuilt = PolicySnapshot.of("v2", Instant.EPOCH, arm.resources());
        CompiledPolicy.compile(rebuilt);
        assertThat(rebuilt.networkSecurityGroups()).isEqualTo(arm.networkSecurityGroups());
        assertThat(rebuilt.serviceTags()).isEqualTo(arm.serviceTags());

        // a new version of nsg-web-nic without rules: the HTTPS flow is now denied by its DenyAllInBound
        String id = TestPolicies.PREFIX.toUpperCase() + "NETWORKSECURITYGROUPS/NSG-WEB-NIC";
        PolicySnapshot changed = rebuilt.with(PolicyReader.readResource("{\"id\": \"" + id + "\", \"name\": \"nsg-web-nic\","
                + " \"properties\": {\"securityRules\": []}}"));
        assertThat(changed.networkSecurityGroups()).hasSize(arm.networkSecurityGroups().size());
        PolicyVerdict d = CompiledPolicy.compile(changed).evaluate(TestPolicies.nic("nic-web1"), Direction.INBOUND, Protocol.TCP,
                IpAddress.parse("8.8.8.8"), 5000, IpAddress.parse("10.1.1.4"), 443);
        assertThat(d.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(d.nsgName()).isEqualTo("nsg-web-nic");
    }

    @Test
    void lookupsAreCaseInsensitiveAndAcceptBothMacForms() throws Exception {
        CompiledPolicy p = CompiledPolicy.compile(TestPolicies.arm());
        assertThat(p.nicByMac("00-0D-3A-F8-78-56").name()).isEqualTo("nic-web1");
        assertThat(p.nicByMac("000D3AF87856").name()).isEqualTo("nic-web1");
        assertThat(p.nicByMac("000d3af87856").name()).isEqualTo("nic-web1");
        assertThat(p.nicByMac("000D3AF80000")).isNull();
        assertThat(p.nicByIp(IpAddress.parse("fd00:1:0:1::4")).name()).isEqualTo("nic-web1");
        assertThat(p.nicByIp(IpAddress.parse("10.1.2.4")).name()).isEqualTo("nic-app1");
        assertThat(p.nicByIp(IpAddress.parse("10.1.2.5"))).isNull();
        assertThat(p.nicById(TestPolicies.nic("nic-db1").toUpperCase()).name()).isEqualTo("nic-db1");
        assertThat(p.nsgById(TestPolicies.PREFIX.toUpperCase() + "NETWORKSECURITYGROUPS/NSG-WEB-NIC").name()).isEqualTo("nsg-web-nic");
        assertThat(p.nsgByResourceGuid("AAAAAAAA-0000-4000-8000-000000000003").name()).isEqualTo("nsg-app-subnet");
        assertThat(p.nsgByResourceGuid("00000000-0000-0000-0000-000000000000")).isNull();
    }

    @Test
    void loggedRuleNamesMatchWithOrWithoutPrefixInAnyCase() throws Exception {
        CompiledPolicy p = CompiledPolicy.compile(TestPolicies.arm());
        String nsg = TestPolicies.PREFIX + "networkSecurityGroups/nsg-web-nic";
        for (String logged : List.of("UserRule_AllowHttps", "userrule_allowhttps", "AllowHttps", "ALLOWHTTPS",
                "DefaultRule_DenyAllInBound", "DenyAllInbound", "securityRules/AllowHttps")) {
            assertThat(p.ruleExists(nsg, logged)).as(logged).isTrue();
        }
        for (String logged : List.of("UserRule_AllowSshFromMgmt", "UserRule_", "Nope")) {
            assertThat(p.ruleExists(nsg, logged)).as(logged).isFalse();
        }
        assertThat(p.ruleExists(TestPolicies.PREFIX + "networkSecurityGroups/unknown", "AllowHttps")).isFalse();
    }

    @Test
    void namesAndKeywordsAreCaseInsensitive() throws Exception {
        NetworkSecurityGroup g = (NetworkSecurityGroup) PolicyReader.readResource("{\"id\": \"/s/networkSecurityGroups/g\","
                + " \"securityRules\": [{\"name\": \"r\", \"priority\": 100, \"direction\": \"inbound\", \"access\": \"DENY\","
                + " \"protocol\": \"tcp\", \"sourceAddressPrefix\": \"virtualnetwork\", \"sourcePortRange\": \"*\","
                + " \"destinationAddressPrefix\": \"ANY\", \"destinationPortRange\": \"22\"}]}");
        SecurityRule r = g.securityRules().get(0);
        assertThat(r.direction()).isEqualTo(Direction.INBOUND);
        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(AddressEntry.parse(r.sourceAddressPrefixes().get(0)).kind()).isEqualTo(AddressEntry.Kind.VIRTUAL_NETWORK);
        assertThat(AddressEntry.parse(r.destinationAddressPrefixes().get(0)).kind()).isEqualTo(AddressEntry.Kind.ANY);
    }
}
