package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Azure Virtual Network Manager security admin rules, as Microsoft's "Security admin rules in Azure
 * Virtual Network Manager" describes them: evaluated before any NSG, lowest priority number first;
 * {@code Deny} drops the flow, {@code AlwaysAllow} allows it without the NSGs, {@code Allow} lets
 * the NSGs decide; a rule collection applies to the VNets of its network groups only.
 *
 * <p>snapshot-avnm-arm.json (nested), snapshot-avnm-flat.json (each level listed apart, as the REST
 * API and az list them), snapshot-avnm-az.json (az shape) and snapshot-avnm-resources.json (an ARM
 * {@code resources} list, every level an entry with its type) hold the same policy: vnet-prod
 * (nic-app 10.0.0.6) is the static member of ng-prod, vnet-dev (nic-dev 10.1.0.4) of ng-dev; both
 * subnets have the same NSG rules (inbound 100 AllowSshFromCorp 203.0.113.0/24:22, 110
 * AllowHttpsInbound Internet:443, 120 DenyMonitoringPort *:9100, 130 AllowTelnetLegacy Internet:23;
 * outbound 100 DenyOutboundSmtp Internet:25). sac-baseline's rc-baseline applies to ng-prod: 5
 * AllowCorpSsh AlwaysAllow 203.0.113.0/24 -> 22, 10 BlockHighRiskTCPPortsFromInternet Deny Internet ->
 * the high-risk ports (20-23, 69, 119, 161, 445, ...), 20 AlwaysAllowMonitoring 10.255.0.0/24 ->
 * 9100, 30 AllowHttps Allow Internet -> 443, 8443, outbound 40 DenyOutboundTelnet Deny -> 23, 50
 * AlwaysAllowDns AlwaysAllow Udp -> 53; sac-security's rc-dns applies to ng-prod too: outbound 15
 * DenyDnsToInternet Deny Udp -> Internet:53. Every expectation below is derived by hand from that.
 */
class AdminRulesTest {

    private static final String P =
            "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/rg-net/providers/Microsoft.Network/";
    private static final String APP = P + "networkInterfaces/nic-app";
    private static final String DEV = P + "networkInterfaces/nic-dev";
    private static final String BASELINE = "securityAdminConfigurations/sac-baseline/ruleCollections/rc-baseline/rules/";
    private static final String SECURITY = "securityAdminConfigurations/sac-security/ruleCollections/rc-dns/rules/";
    private static final List<String> FILES = List.of("snapshot-avnm-arm.json", "snapshot-avnm-flat.json", "snapshot-avnm-az.json",
            "snapshot-avnm-resources.json");

    static PolicySnapshot read(String file) throws PolicyValidationException {
        return PolicyReader.readSnapshot(TestPolicies.resource(file));
    }

    static Stream<Arguments> evaluators() throws Exception {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String file : FILES) {
            PolicySnapshot s = read(file);
            b.add(Arguments.of(file + " compiled", CompiledPolicy.compile(s)));
            b.add(Arguments.of(file + " linear scan", new LinearScanEvaluator(s)));
        }
        return b.build();
    }

    private static PolicyVerdict in(PolicyEvaluator e, String nic, String src, String dst, int port) {
        return e.evaluate(nic, Direction.INBOUND, Protocol.TCP, IpAddress.parse(src), 50000, IpAddress.parse(dst), port);
    }

    private static PolicyVerdict out(PolicyEvaluator e, String nic, int protocol, String src, String dst, int port) {
        return e.evaluate(nic, Direction.OUTBOUND, protocol, IpAddress.parse(src), 50000, IpAddress.parse(dst), port);
    }

    private static List<String> nsgTrace(PolicyVerdict d) {
        return d.trace().stream().map(v -> v.nsgName() + ":" + v.ruleName()).toList();
    }

    /** Decided by the admin rule alone: no NSG evaluated. */
    private static void byAdmin(PolicyVerdict d, Access access, String rule, AdminAction action) {
        assertThat(d.access()).as("access").isEqualTo(access);
        assertThat(d.decidedByAdmin()).as("decided by the admin rule").isTrue();
        assertThat(d.ruleName()).isEqualTo(rule);
        assertThat(d.admin().action()).isEqualTo(action);
        assertThat(d.trace()).as("no NSG evaluated").isEmpty();
        assertThat(d.nsgName()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void denyStopsTheFlowBeforeAnNsgThatWouldAllowIt(String what, PolicyEvaluator e) {
        // nsg-prod's AllowTelnetLegacy would allow Internet -> 23; the admin rule denies it first
        byAdmin(in(e, APP, "198.51.100.7", "10.0.0.6", 23), Access.DENY, BASELINE + "BlockHighRiskTCPPortsFromInternet",
                AdminAction.DENY);
        // Microsoft's VNet flow log example: inbound 22 and 119 from the Internet denied by this rule
        byAdmin(in(e, APP, "101.33.218.153", "10.0.0.6", 22), Access.DENY, BASELINE + "BlockHighRiskTCPPortsFromInternet",
                AdminAction.DENY);
        byAdmin(in(e, APP, "192.241.200.164", "10.0.0.6", 119), Access.DENY, BASELINE + "BlockHighRiskTCPPortsFromInternet",
                AdminAction.DENY);
        // the rule's source is the Internet tag: from inside the VNet port 23 goes to the NSG
        PolicyVerdict vnet = in(e, APP, "10.0.0.9", "10.0.0.6", 23);
        assertThat(vnet.admin()).isNull();
        assertThat(nsgTrace(vnet)).containsExactly("nsg-prod:defaultSecurityRules/AllowVnetInBound");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void alwaysAllowAllowsWithoutTheNsgsThatWouldDeny(String what, PolicyEvaluator e) {
        // nsg-prod's DenyMonitoringPort would deny 9100; the admin rule always allows the monitoring subnet
        byAdmin(in(e, APP, "10.255.0.10", "10.0.0.6", 9100), Access.ALLOW, BASELINE + "AlwaysAllowMonitoring",
                AdminAction.ALWAYS_ALLOW);
        // from elsewhere the NSG decides, and denies
        PolicyVerdict other = in(e, APP, "10.0.0.9", "10.0.0.6", 9100);
        assertThat(other.admin()).isNull();
        assertThat(other.access()).isEqualTo(Access.DENY);
        assertThat(nsgTrace(other)).containsExactly("nsg-prod:securityRules/DenyMonitoringPort");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void allowLetsTheNsgsDecide(String what, PolicyEvaluator e) {
        // AllowHttps matches 443 and 8443 from the Internet; nsg-prod allows 443 and denies 8443 (DenyAllInBound)
        PolicyVerdict https = in(e, APP, "198.51.100.7", "10.0.0.6", 443);
        assertThat(https.access()).isEqualTo(Access.ALLOW);
        assertThat(https.decidedByAdmin()).isFalse();
        assertThat(https.admin().ruleName()).isEqualTo(BASELINE + "AllowHttps");
        assertThat(https.admin().action()).isEqualTo(AdminAction.ALLOW);
        assertThat(https.ruleName()).isEqualTo("securityRules/AllowHttpsInbound");
        assertThat(nsgTrace(https)).containsExactly("nsg-prod:securityRules/AllowHttpsInbound");
        PolicyVerdict alt = in(e, APP, "198.51.100.7", "10.0.0.6", 8443);
        assertThat(alt.access()).isEqualTo(Access.DENY);
        assertThat(alt.admin().ruleName()).isEqualTo(BASELINE + "AllowHttps");
        assertThat(alt.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void theLowestPriorityNumberWinsWithinAndAcrossConfigurations(String what, PolicyEvaluator e) {
        // SSH from the corporate range: AllowCorpSsh (5) before BlockHighRiskTCPPortsFromInternet (10)
        byAdmin(in(e, APP, "203.0.113.9", "10.0.0.6", 22), Access.ALLOW, BASELINE + "AllowCorpSsh", AdminAction.ALWAYS_ALLOW);
        // DNS to the Internet: sac-security's DenyDnsToInternet (15) before sac-baseline's AlwaysAllowDns (50)
        byAdmin(out(e, APP, Protocol.UDP, "10.0.0.6", "8.8.8.8", 53), Access.DENY, SECURITY + "DenyDnsToInternet",
                AdminAction.DENY);
        // DNS inside the network: only AlwaysAllowDns matches
        byAdmin(out(e, APP, Protocol.UDP, "10.0.0.6", "10.0.1.5", 53), Access.ALLOW, BASELINE + "AlwaysAllowDns",
                AdminAction.ALWAYS_ALLOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void rulesApplyInBothDirections(String what, PolicyEvaluator e) {
        // outbound telnet: DenyOutboundTelnet (an outbound rule) decides; inbound rules do not apply outbound
        byAdmin(out(e, APP, Protocol.TCP, "10.0.0.6", "192.0.2.10", 23), Access.DENY, BASELINE + "DenyOutboundTelnet",
                AdminAction.DENY);
        // outbound SMTP: no admin rule, nsg-prod's DenyOutboundSmtp
        PolicyVerdict smtp = out(e, APP, Protocol.TCP, "10.0.0.6", "192.0.2.10", 25);
        assertThat(smtp.admin()).isNull();
        assertThat(nsgTrace(smtp)).containsExactly("nsg-prod:securityRules/DenyOutboundSmtp");
        // outbound 22 is no inbound rule's business: the NSG's default allows it
        PolicyVerdict ssh = out(e, APP, Protocol.TCP, "10.0.0.6", "198.51.100.7", 22);
        assertThat(ssh.admin()).isNull();
        assertThat(nsgTrace(ssh)).containsExactly("nsg-prod:defaultSecurityRules/AllowInternetOutBound");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void aRuleCollectionAppliesOnlyToTheVnetsOfItsNetworkGroups(String what, PolicyEvaluator e) {
        // vnet-dev is in ng-dev, to which no rule collection applies: its NSG (same rules) decides everything
        PolicyVerdict telnet = in(e, DEV, "198.51.100.7", "10.1.0.4", 23);
        assertThat(telnet.admin()).isNull();
        assertThat(telnet.access()).isEqualTo(Access.ALLOW);
        assertThat(nsgTrace(telnet)).containsExactly("nsg-dev:securityRules/AllowTelnetLegacy");
        PolicyVerdict monitoring = in(e, DEV, "10.255.0.10", "10.1.0.4", 9100);
        assertThat(monitoring.access()).isEqualTo(Access.DENY);
        assertThat(nsgTrace(monitoring)).containsExactly("nsg-dev:securityRules/DenyMonitoringPort");
        PolicyVerdict dns = out(e, DEV, Protocol.UDP, "10.1.0.4", "8.8.8.8", 53);
        assertThat(dns.admin()).isNull();
        assertThat(nsgTrace(dns)).containsExactly("nsg-dev:defaultSecurityRules/AllowInternetOutBound");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void platformTrafficIsNotSubjectToAdminRules(String what, PolicyEvaluator e) {
        // DNS to the wire server: allowed by the platform, although AlwaysAllowDns / DenyDnsToInternet match port 53
        assertThat(out(e, APP, Protocol.UDP, "10.0.0.6", "168.63.129.16", 53)).isEqualTo(PolicyVerdict.PLATFORM);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void aConnectionBetweenTwoNicsMeetsTheAdminRulesOfEachEnd(String what, PolicyEvaluator e) {
        // nic-dev -> nic-app:23: out at nic-dev, where no admin rule applies; 10.0.0.6 is neither in
        // vnet-dev's VirtualNetwork tag (no peering) nor Internet (a private range), so nsg-dev's
        // DenyAllOutBound denies before nic-app's admin rules are met
        PolicyEvaluator.PathDecision p = e.evaluateBetween(Protocol.TCP, IpAddress.parse("10.1.0.4"), 50000,
                IpAddress.parse("10.0.0.6"), 23);
        assertThat(p.outbound().admin()).isNull();
        assertThat(p.inbound()).isNull();
        assertThat(nsgTrace(p.overall())).containsExactly("nsg-dev:defaultSecurityRules/DenyAllOutBound");
        // nic-app -> nic-dev:23: out at nic-app, DenyOutboundTelnet denies before anything at nic-dev
        PolicyEvaluator.PathDecision q = e.evaluateBetween(Protocol.TCP, IpAddress.parse("10.0.0.6"), 50000,
                IpAddress.parse("10.1.0.4"), 23);
        assertThat(q.inbound()).isNull();
        assertThat(q.overall().access()).isEqualTo(Access.DENY);
        assertThat(q.overall().ruleName()).isEqualTo(BASELINE + "DenyOutboundTelnet");
    }

    @Test
    void theThreeShapesReadTheSamePolicy() throws Exception {
        PolicySnapshot nested = read("snapshot-avnm-arm.json");
        for (String file : FILES) {
            PolicySnapshot s = read(file);
            assertThat(s.networkGroups()).as(file).isEqualTo(nested.networkGroups());
            assertThat(s.securityAdminConfigurations()).as(file).isEqualTo(nested.securityAdminConfigurations());
        }
        SecurityAdminConfiguration c = nested.securityAdminConfigurations().values().iterator().next();
        assertThat(c.resourceGuid()).isEqualTo("b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
        SecurityAdminRule block = c.ruleCollections().get(0).rules().get(1);
        assertThat(block.name()).isEqualTo("BlockHighRiskTCPPortsFromInternet");
        assertThat(block.sources()).containsExactly("Internet");
        assertThat(block.sourcePortRanges()).as("none given: any").containsExactly("*");
        assertThat(block.destinationPortRanges()).contains("20", "23", "445", "11211");
    }

    @Test
    void aConfigurationOrGroupAloneIsAPolicyMessage() throws Exception {
        String json = TestPolicies.resource("snapshot-avnm-arm.json");
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        for (String key : List.of("securityAdminConfigurations", "networkGroups")) {
            com.fasterxml.jackson.databind.node.ObjectNode one =
                    (com.fasterxml.jackson.databind.node.ObjectNode) root.get(key).get(0).deepCopy();
            one.put("effectiveFrom", "2026-11-21T08:00:00Z");
            PolicyReader.PolicyChange change = PolicyReader.readChange(one.toString());
            assertThat(change).isInstanceOf(PolicyReader.ResourceChange.class);
            PolicyResource r = ((PolicyReader.ResourceChange) change).resource();
            assertThat(r).isEqualTo(key.equals("networkGroups") ? read("snapshot-avnm-arm.json").networkGroups().values().iterator().next()
                    : read("snapshot-avnm-arm.json").securityAdminConfigurations().values().iterator().next());
        }
    }

    @Test
    void aRuleAloneIsRefusedNamingWhatToSendInstead() throws Exception {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(TestPolicies.resource("snapshot-avnm-flat.json"));
        com.fasterxml.jackson.databind.node.ObjectNode rule =
                (com.fasterxml.jackson.databind.node.ObjectNode) root.get("securityAdminRules").get(0).deepCopy();
        rule.put("effectiveFrom", "2026-11-21T08:00:00Z");
        PolicyValidationException e = catchThrowableOfType(() -> PolicyReader.readChange(rule.toString()),
                PolicyValidationException.class);
        assertThat(e.getMessage()).contains("security admin configuration alone is not a policy message")
                .contains("with its ruleCollections and their rules");
    }

    // ---- validation

    private static PolicyValidationException reject(String from, String to) {
        String json = TestPolicies.resource("snapshot-avnm-arm.json");
        assertThat(json).as("the edit applies").contains(from);
        String edited = json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        return catchThrowableOfType(() -> PolicyReader.readSnapshot(edited), PolicyValidationException.class);
    }

    @Test
    void badAdminRulesAreRejectedNamingTheField() {
        PolicyValidationException p = reject("\"priority\": 5,", "\"priority\": 0,");
        assertThat(p.resource()).isEqualTo("securityAdminConfiguration 'sac-baseline'");
        assertThat(p.field()).isEqualTo("rules['AllowCorpSsh'].priority");
        assertThat(p.getMessage()).contains("0 is out of range 1-4096");
        PolicyValidationException a = reject("\"access\": \"AlwaysAllow\"", "\"access\": \"Permit\"");
        assertThat(a.field()).isEqualTo("rules['AllowCorpSsh'].access");
        assertThat(a.getMessage()).contains("Allow, AlwaysAllow or Deny");
        PolicyValidationException t = reject("\"addressPrefix\": \"Internet\"", "\"addressPrefix\": \"Internett\"");
        assertThat(t.field()).isEqualTo("ruleCollections['rc-baseline'].rules['BlockHighRiskTCPPortsFromInternet'].sources");
        assertThat(t.getMessage()).contains("unknown service tag 'Internett'");
        PolicyValidationException g = reject("\"networkGroupId\": \"" + P + "networkManagers/nm-corp/networkGroups/ng-prod\"",
                "\"networkGroupId\": \"" + P + "networkManagers/nm-corp/networkGroups/ng-missing\"");
        assertThat(g.field()).isEqualTo("ruleCollections['rc-baseline'].appliesToGroups");
        assertThat(g.getMessage()).contains("unknown network group");
        PolicyValidationException type = reject("\"addressPrefixType\": \"IPPrefix\"", "\"addressPrefixType\": \"Subnet\"");
        assertThat(type.getMessage()).contains("expected IPPrefix, ServiceTag or NetworkGroup");
    }
}
