package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each semantic point of the reference, on the hand-written snapshot (snapshot-arm.json), with
 * expectations derived by hand from its rules. Both evaluators must give them.
 */
class PolicySemanticsTest {

    private static final PolicySnapshot SNAPSHOT = TestPolicies.arm();
    private static final Direction IN = Direction.INBOUND;
    private static final Direction OUT = Direction.OUTBOUND;

    static Stream<Arguments> evaluators() throws Exception {
        return Stream.of(Arguments.of(CompiledPolicy.compile(SNAPSHOT)), Arguments.of(new LinearScanEvaluator(SNAPSHOT)));
    }

    private static PolicyVerdict eval(PolicyEvaluator e, String nic, Direction d, String protocol, String src, int sp, String dst, int dp) {
        return e.evaluate(TestPolicies.nic(nic), d, Protocol.parseFlow(protocol), IpAddress.parse(src), sp, IpAddress.parse(dst), dp);
    }

    /** "nsg:securityRules/x" for each trace step. */
    private static List<String> trace(PolicyVerdict d) {
        return d.trace().stream().map(v -> v.nsgName() + ":" + v.ruleName()).toList();
    }

    private static void expect(PolicyVerdict d, Access access, String nsg, String rule, String... trace) {
        assertThat(d.access()).as("access").isEqualTo(access);
        assertThat(d.nsgName()).as("deciding NSG").isEqualTo(nsg);
        assertThat(d.ruleName()).as("deciding rule").isEqualTo(rule);
        assertThat(trace(d)).as("trace").containsExactly(trace);
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void inboundIsSubnetThenNicAndTheLastAllowDecides(PolicyEvaluator e) {
        expect(eval(e, "nic-web1", IN, "TCP", "8.8.8.8", 50000, "10.1.1.4", 443), Access.ALLOW,
                "nsg-web-nic", "securityRules/AllowHttps",
                "nsg-web-subnet:securityRules/AllowHttpsFromInternet", "nsg-web-nic:securityRules/AllowHttps");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void inboundDenyAtNicAfterSubnetAllowIsDecidedByTheNic(PolicyEvaluator e) {
        // augmented rule: the plural sourceAddressPrefixes, each entry
        for (String bad : List.of("198.51.100.7", "192.0.2.9")) {
            expect(eval(e, "nic-web1", IN, "TCP", bad, 50000, "10.1.1.4", 443), Access.DENY,
                    "nsg-web-nic", "securityRules/DenyBadRanges",
                    "nsg-web-subnet:securityRules/AllowHttpsFromInternet", "nsg-web-nic:securityRules/DenyBadRanges");
        }
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void aDenyAtTheSubnetStopsEvaluation(PolicyEvaluator e) {
        expect(eval(e, "nic-web1", IN, "TCP", "8.8.8.8", 50000, "10.1.1.4", 3389), Access.DENY,
                "nsg-web-subnet", "securityRules/DenyRdp", "nsg-web-subnet:securityRules/DenyRdp");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void denyAllInBoundAtTheNicAfterSubnetAllow(PolicyEvaluator e) {
        expect(eval(e, "nic-web1", IN, "TCP", "8.8.8.8", 50000, "10.1.1.4", 80), Access.DENY,
                "nsg-web-nic", "defaultSecurityRules/DenyAllInBound",
                "nsg-web-subnet:securityRules/AllowHttpFromInternet", "nsg-web-nic:defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void portListsAndRangesAreInclusiveAtBothEnds(PolicyEvaluator e) {
        for (int port : new int[] {80, 8080, 8085, 8090}) {
            expect(eval(e, "nic-web2", IN, "TCP", "8.8.8.8", 50000, "10.1.1.5", port), Access.ALLOW,
                    "nsg-web-subnet", "securityRules/AllowHttpFromInternet", "nsg-web-subnet:securityRules/AllowHttpFromInternet");
        }
        for (int port : new int[] {79, 81, 8079, 8091}) {
            expect(eval(e, "nic-web2", IN, "TCP", "8.8.8.8", 50000, "10.1.1.5", port), Access.DENY,
                    "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
        }
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void sourcePortRangesAreMatched(PolicyEvaluator e) {
        expect(eval(e, "nic-web2", IN, "UDP", "8.8.8.8", 1024, "10.1.1.5", 5000), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowUdpHighPorts", "nsg-web-subnet:securityRules/AllowUdpHighPorts");
        expect(eval(e, "nic-web2", IN, "UDP", "8.8.8.8", 65535, "10.1.1.5", 5010), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowUdpHighPorts", "nsg-web-subnet:securityRules/AllowUdpHighPorts");
        expect(eval(e, "nic-web2", IN, "UDP", "8.8.8.8", 1023, "10.1.1.5", 5000), Access.DENY,
                "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
        expect(eval(e, "nic-web2", IN, "UDP", "8.8.8.8", 2000, "10.1.1.5", 5011), Access.DENY,
                "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void lowerPriorityNumberWinsOverLaterMatches(PolicyEvaluator e) {
        // DenyRdp (120) matches before AllowVnetInBound (65000) would allow VNet traffic
        expect(eval(e, "nic-web2", IN, "TCP", "10.1.3.4", 50000, "10.1.1.5", 3389), Access.DENY,
                "nsg-web-subnet", "securityRules/DenyRdp", "nsg-web-subnet:securityRules/DenyRdp");
        // AllowSshFromMgmt (130): first match, although AllowVnetInBound would also allow
        expect(eval(e, "nic-web2", IN, "TCP", "10.1.3.4", 50000, "10.1.1.5", 22), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowSshFromMgmt", "nsg-web-subnet:securityRules/AllowSshFromMgmt");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void virtualNetworkTagCoversPeeredAddressSpaces(PolicyEvaluator e) {
        // vnet-app peers vnet-data with remoteAddressSpace 10.2.0.0/16
        expect(eval(e, "nic-web2", IN, "TCP", "10.2.1.4", 50000, "10.1.1.5", 9999), Access.ALLOW,
                "nsg-web-subnet", "defaultSecurityRules/AllowVnetInBound", "nsg-web-subnet:defaultSecurityRules/AllowVnetInBound");
        // vnet-data's peering lists no remoteAddressSpace: vnet-app's own space is used
        expect(eval(e, "nic-db1", IN, "TCP", "10.1.1.4", 50000, "10.2.1.4", 5432), Access.ALLOW,
                "nsg-db-subnet", "defaultSecurityRules/AllowVnetInBound", "nsg-db-subnet:defaultSecurityRules/AllowVnetInBound");
        // vnet-iso is not peered: neither VirtualNetwork nor Internet
        expect(eval(e, "nic-web2", IN, "TCP", "10.9.1.4", 50000, "10.1.1.5", 9999), Access.DENY,
                "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void protocolsMatchTheirOwnRulesOnly(PolicyEvaluator e) {
        // ICMP: DenyRdp (protocol *, port 3389) does not match a flow without ports; AllowIcmpFromVnet does
        expect(eval(e, "nic-web2", IN, "ICMP", "10.1.3.4", 0, "10.1.1.5", 0), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowIcmpFromVnet", "nsg-web-subnet:securityRules/AllowIcmpFromVnet");
        expect(eval(e, "nic-web2", IN, "1", "8.8.8.8", 0, "10.1.1.5", 0), Access.DENY,
                "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
        // ESP from the Internet: DenyEspFromInternet
        expect(eval(e, "nic-web2", IN, "ESP", "203.0.113.5", 0, "10.1.1.5", 0), Access.DENY,
                "nsg-web-subnet", "securityRules/DenyEspFromInternet", "nsg-web-subnet:securityRules/DenyEspFromInternet");
        // AH from the same address passes the Esp rule and hits AllowAhFromPartner
        expect(eval(e, "nic-web2", IN, "AH", "203.0.113.5", 0, "10.1.1.5", 0), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowAhFromPartner", "nsg-web-subnet:securityRules/AllowAhFromPartner");
        assertThat(eval(e, "nic-web2", IN, "51", "203.0.113.5", 0, "10.1.1.5", 0).ruleName())
                .isEqualTo("securityRules/AllowAhFromPartner");
        // TCP by number; a TCP-only rule does not match UDP
        expect(eval(e, "nic-web2", IN, "6", "8.8.8.8", 50000, "10.1.1.5", 80), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowHttpFromInternet", "nsg-web-subnet:securityRules/AllowHttpFromInternet");
        expect(eval(e, "nic-web2", IN, "UDP", "8.8.8.8", 50000, "10.1.1.5", 80), Access.DENY,
                "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
        // another protocol (GRE, 47) only matches rules with protocol *
        expect(eval(e, "nic-web2", IN, "47", "10.1.3.4", 0, "10.1.1.5", 0), Access.ALLOW,
                "nsg-web-subnet", "defaultSecurityRules/AllowVnetInBound", "nsg-web-subnet:defaultSecurityRules/AllowVnetInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void regionalServiceTagsComeFromTheTagsFile(PolicyEvaluator e) {
        // 52.239.152.0/22 is in Storage.EastUS
        expect(eval(e, "nic-web2", IN, "TCP", "52.239.155.254", 50000, "10.1.1.5", 8443), Access.ALLOW,
                "nsg-web-subnet", "securityRules/AllowStorageEastUsIn", "nsg-web-subnet:securityRules/AllowStorageEastUsIn");
        // 20.60.1.1 is Storage but not Storage.EastUS
        expect(eval(e, "nic-web2", IN, "TCP", "20.60.1.1", 50000, "10.1.1.5", 8443), Access.DENY,
                "nsg-web-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-web-subnet:defaultSecurityRules/DenyAllInBound");
        // the Sql tag's IPv6 prefix
        expect(eval(e, "nic-web1", OUT, "TCP", "fd00:1:0:1::4", 50000, "2603:1000::5", 1433), Access.DENY,
                "nsg-web-nic", "securityRules/DenySqlOut", "nsg-web-nic:securityRules/DenySqlOut");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void ipv6Flows(PolicyEvaluator e) {
        expect(eval(e, "nic-web1", IN, "TCP", "2001:db8::1", 50000, "fd00:1:0:1::4", 443), Access.ALLOW,
                "nsg-web-nic", "securityRules/AllowHttps",
                "nsg-web-subnet:securityRules/AllowHttpsFromInternet", "nsg-web-nic:securityRules/AllowHttps");
        // fd00:1::/48 is vnet-app's IPv6 space: VirtualNetwork
        expect(eval(e, "nic-web1", IN, "ICMP", "fd00:1:0:2::9", 0, "fd00:1:0:1::4", 0), Access.ALLOW,
                "nsg-web-nic", "defaultSecurityRules/AllowVnetInBound",
                "nsg-web-subnet:securityRules/AllowIcmpFromVnet", "nsg-web-nic:defaultSecurityRules/AllowVnetInBound");
        // ::ffff:a.b.c.d is the IPv4 address itself: AllowSshFromMgmt (10.1.3.0/24) at the subnet
        expect(eval(e, "nic-web1", IN, "TCP", "::ffff:10.1.3.4", 50000, "fd00:1:0:1::4", 22), Access.ALLOW,
                "nsg-web-nic", "defaultSecurityRules/AllowVnetInBound",
                "nsg-web-subnet:securityRules/AllowSshFromMgmt", "nsg-web-nic:defaultSecurityRules/AllowVnetInBound");
        // an IPv6 address outside every prefix (fd00:9::/32 is private, not in the VNet)
        assertThat(eval(e, "nic-web1", IN, "TCP", "fd00:9::1", 50000, "fd00:1:0:1::4", 22).ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void applicationSecurityGroups(PolicyEvaluator e) {
        // web1 is in asg-web, app1 in asg-app
        expect(eval(e, "nic-app1", IN, "TCP", "10.1.1.4", 50000, "10.1.2.4", 8080), Access.ALLOW,
                "nsg-app-nic", "securityRules/AllowWebAsg",
                "nsg-app-subnet:securityRules/AllowWebToApp", "nsg-app-nic:securityRules/AllowWebAsg");
        // mgmt1 is in no ASG: DenyVnetIn (4000) at the subnet
        expect(eval(e, "nic-app1", IN, "TCP", "10.1.3.4", 50000, "10.1.2.4", 8080), Access.DENY,
                "nsg-app-subnet", "securityRules/DenyVnetIn", "nsg-app-subnet:securityRules/DenyVnetIn");
        // destination ASG in an outbound rule
        expect(eval(e, "nic-web1", OUT, "TCP", "10.1.1.4", 50000, "10.1.2.4", 8080), Access.ALLOW,
                "nsg-web-subnet", "defaultSecurityRules/AllowVnetOutBound",
                "nsg-web-nic:securityRules/AllowWebToApp", "nsg-web-subnet:defaultSecurityRules/AllowVnetOutBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void outboundIsNicThenSubnet(PolicyEvaluator e) {
        expect(eval(e, "nic-web1", OUT, "TCP", "10.1.1.4", 50000, "40.78.1.1", 1433), Access.DENY,
                "nsg-web-nic", "securityRules/DenySqlOut", "nsg-web-nic:securityRules/DenySqlOut");
        expect(eval(e, "nic-web1", OUT, "UDP", "10.1.1.4", 50000, "8.8.8.8", 53), Access.DENY,
                "nsg-web-nic", "securityRules/DenyInternetUdp", "nsg-web-nic:securityRules/DenyInternetUdp");
        expect(eval(e, "nic-web1", OUT, "TCP", "10.1.1.4", 50000, "8.8.8.8", 443), Access.ALLOW,
                "nsg-web-subnet", "defaultSecurityRules/AllowInternetOutBound",
                "nsg-web-nic:defaultSecurityRules/AllowInternetOutBound", "nsg-web-subnet:defaultSecurityRules/AllowInternetOutBound");
        // private addresses outside the VirtualNetwork tag are not Internet: DenyAllOutBound
        expect(eval(e, "nic-web1", OUT, "TCP", "10.1.1.4", 50000, "10.9.1.4", 22), Access.DENY,
                "nsg-web-nic", "defaultSecurityRules/DenyAllOutBound", "nsg-web-nic:defaultSecurityRules/DenyAllOutBound");
        expect(eval(e, "nic-app1", OUT, "TCP", "10.1.2.4", 50000, "10.2.1.4", 1433), Access.ALLOW,
                "nsg-app-subnet", "securityRules/AllowAppToDb",
                "nsg-app-nic:defaultSecurityRules/AllowVnetOutBound", "nsg-app-subnet:securityRules/AllowAppToDb");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void noNsgMeansAllow(PolicyEvaluator e) {
        PolicyVerdict d = eval(e, "nic-mgmt1", IN, "TCP", "8.8.8.8", 50000, "10.1.3.4", 3389);
        expect(d, Access.ALLOW, null, null);
        assertThat(d.byPlatform()).isFalse();
        expect(eval(e, "nic-mgmt1", OUT, "UDP", "10.1.3.4", 50000, "10.9.1.4", 53), Access.ALLOW, null, null);
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void onlyANicNsgAndTheDefaultsOfAnEmptyNsg(PolicyEvaluator e) {
        expect(eval(e, "nic-iso1", IN, "TCP", "10.9.1.9", 50000, "10.9.1.4", 22), Access.ALLOW,
                "nsg-iso-nic", "defaultSecurityRules/AllowVnetInBound", "nsg-iso-nic:defaultSecurityRules/AllowVnetInBound");
        expect(eval(e, "nic-iso1", IN, "TCP", "10.1.1.4", 50000, "10.9.1.4", 22), Access.DENY,
                "nsg-iso-nic", "defaultSecurityRules/DenyAllInBound", "nsg-iso-nic:defaultSecurityRules/DenyAllInBound");
        expect(eval(e, "nic-iso1", OUT, "TCP", "10.9.1.4", 50000, "8.8.8.8", 443), Access.ALLOW,
                "nsg-iso-nic", "defaultSecurityRules/AllowInternetOutBound", "nsg-iso-nic:defaultSecurityRules/AllowInternetOutBound");
        expect(eval(e, "nic-iso1", OUT, "TCP", "10.9.1.4", 50000, "10.1.1.4", 443), Access.DENY,
                "nsg-iso-nic", "defaultSecurityRules/DenyAllOutBound", "nsg-iso-nic:defaultSecurityRules/DenyAllOutBound");
        expect(eval(e, "nic-iso1", OUT, "TCP", "10.9.1.4", 50000, "10.9.200.1", 443), Access.ALLOW,
                "nsg-iso-nic", "defaultSecurityRules/AllowVnetOutBound", "nsg-iso-nic:defaultSecurityRules/AllowVnetOutBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void azureLoadBalancerTag(PolicyEvaluator e) {
        // a user rule naming the tag
        expect(eval(e, "nic-mgmt2", IN, "TCP", "168.63.129.16", 50000, "10.1.3.5", 80), Access.DENY,
                "nsg-mgmt-nic", "securityRules/DenyLoadBalancerProbes", "nsg-mgmt-nic:securityRules/DenyLoadBalancerProbes");
        // the default rule AllowAzureLoadBalancerInBound
        expect(eval(e, "nic-mgmt2", IN, "UDP", "168.63.129.16", 50000, "10.1.3.5", 80), Access.ALLOW,
                "nsg-mgmt-nic", "defaultSecurityRules/AllowAzureLoadBalancerInBound",
                "nsg-mgmt-nic:defaultSecurityRules/AllowAzureLoadBalancerInBound");
        // no other address is the load balancer
        expect(eval(e, "nic-mgmt2", IN, "UDP", "168.63.129.17", 50000, "10.1.3.5", 80), Access.DENY,
                "nsg-mgmt-nic", "defaultSecurityRules/DenyAllInBound", "nsg-mgmt-nic:defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void platformAddressesAreAllowedByThePlatform(PolicyEvaluator e) {
        for (PolicyVerdict d : List.of(
                eval(e, "nic-web1", OUT, "UDP", "10.1.1.4", 50000, "168.63.129.16", 53),
                eval(e, "nic-web1", OUT, "TCP", "10.1.1.4", 50000, "169.254.169.254", 80),
                eval(e, "nic-iso1", OUT, "TCP", "10.9.1.4", 50000, "169.254.169.254", 80),
                eval(e, "nic-web1", IN, "TCP", "169.254.169.254", 80, "10.1.1.4", 50000))) {
            expect(d, Access.ALLOW, null, null);
            assertThat(d.byPlatform()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void explicitDefaultRulesAreUsedAsGiven(PolicyEvaluator e) {
        // nsg-db-subnet lists its defaultSecurityRules
        expect(eval(e, "nic-db1", IN, "TCP", "10.1.2.4", 50000, "10.2.1.4", 1433), Access.ALLOW,
                "nsg-db-subnet", "securityRules/AllowAppToSql", "nsg-db-subnet:securityRules/AllowAppToSql");
        expect(eval(e, "nic-db1", IN, "TCP", "10.1.2.4", 50000, "10.2.1.4", 22), Access.DENY,
                "nsg-db-subnet", "securityRules/DenyAppOther", "nsg-db-subnet:securityRules/DenyAppOther");
        expect(eval(e, "nic-db1", IN, "TCP", "8.8.8.8", 50000, "10.2.1.4", 1433), Access.DENY,
                "nsg-db-subnet", "defaultSecurityRules/DenyAllInBound", "nsg-db-subnet:defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest
    @MethodSource("evaluators")
    void betweenTwoAddressesIsOutboundAtTheSourceThenInboundAtTheDestination(PolicyEvaluator e) {
        PolicyEvaluator.PathDecision p = e.evaluateBetween(Protocol.TCP, IpAddress.parse("10.1.1.4"), 50000,
                IpAddress.parse("10.1.2.4"), 8080);
        expect(p.overall(), Access.ALLOW, "nsg-app-nic", "securityRules/AllowWebAsg",
                "nsg-web-nic:securityRules/AllowWebToApp", "nsg-web-subnet:defaultSecurityRules/AllowVnetOutBound",
                "nsg-app-subnet:securityRules/AllowWebToApp", "nsg-app-nic:securityRules/AllowWebAsg");
        assertThat(p.sourceNicId()).isEqualToIgnoringCase(TestPolicies.nic("nic-web1"));
        assertThat(p.destinationNicId()).isEqualToIgnoringCase(TestPolicies.nic("nic-app1"));

        PolicyEvaluator.PathDecision denied = e.evaluateBetween(Protocol.TCP, IpAddress.parse("10.1.3.4"), 50000,
                IpAddress.parse("10.1.2.4"), 8080);
        assertThat(denied.outbound().trace()).isEmpty(); // mgmt1 has no NSG
        expect(denied.overall(), Access.DENY, "nsg-app-subnet", "securityRules/DenyVnetIn",
                "nsg-app-subnet:securityRules/DenyVnetIn");

        PolicyEvaluator.PathDecision out = e.evaluateBetween(Protocol.TCP, IpAddress.parse("10.1.1.4"), 50000,
                IpAddress.parse("40.78.1.1"), 1433);
        assertThat(out.inbound()).isNull();
        expect(out.overall(), Access.DENY, "nsg-web-nic", "securityRules/DenySqlOut", "nsg-web-nic:securityRules/DenySqlOut");
    }
}
