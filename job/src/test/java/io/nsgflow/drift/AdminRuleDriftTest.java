package io.nsgflow.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.FlowEvaluator;
import io.nsgflow.flowlog.DecodeResult;
import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.policy.timeline.PolicyTimeline;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift judged against AVNM security admin rules, on VNet flow-log lines written as Microsoft's
 * "Monitoring security admin rules with virtual network flow logs" shows them (the admin
 * configuration as the ACL flow's {@code aclID}, the admin rule's bare name as the group's
 * {@code rule}), decoded by the real decoder, against snapshot-avnm-arm.json (see AdminRulesTest
 * for its rules). A line as the policy predicts is no drift; a line an NSG wrote for a flow an admin
 * rule decides, or an admin line for a flow the NSGs decide, is drift that names the rule the
 * policy expects.
 */
class AdminRuleDriftTest {

    private static final String SUB = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/rg-net/providers/Microsoft.Network/";
    /** sac-baseline's resourceGuid, as the flow log example writes aclIDs. */
    private static final String BASELINE_GUID = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";
    private static final String SECURITY_ID = SUB + "networkManagers/nm-corp/securityAdminConfigurations/sac-security";
    private static final String NSG_PROD = SUB + "networkSecurityGroups/nsg-prod";
    private static final String NSG_DEV = SUB + "networkSecurityGroups/nsg-dev";
    private static final String BASELINE = "securityAdminConfigurations/sac-baseline/ruleCollections/rc-baseline/rules/";
    /** 2026-11-20T11:00:00Z, with the snapshot (in force from 10:00) */
    private static final long T = 1795172400000L;
    private static final String MAC_APP = "00224871C205";
    private static final String MAC_DEV = "00224871C206";

    private PolicyTimeline timeline;

    @BeforeEach
    void setUp() throws Exception {
        timeline = new PolicyTimeline();
        try (InputStream in = getClass().getResourceAsStream("/policy/snapshot-avnm-arm.json")) {
            timeline.add(PolicyUpdates.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One VNet flow-log record with one ACL flow, one rule group and one tuple, decoded. */
    private static FlowRecord logged(String mac, String aclId, String rule, String tuple) {
        String doc = "{\"records\":[{\"time\":\"2026-11-20T11:01:00.0000000Z\",\"flowLogVersion\":4,"
                + "\"flowLogGUID\":\"66aa66aa-bb77-cc88-dd99-00ee00ee00ee\",\"macAddress\":\"" + mac + "\","
                + "\"category\":\"FlowLogFlowEvent\",\"flowLogResourceID\":\"/SUBSCRIPTIONS/AAAA0A0A-BB1B-CC2C-DD3D-EEEEEE4E4E4E"
                + "/RESOURCEGROUPS/NETWORKWATCHERRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/NETWORKWATCHER_EASTUS/FLOWLOGS/VNETFLOWLOG\","
                + "\"targetResourceID\":\"" + SUB + "virtualNetworks/vnet-prod\",\"operationName\":\"FlowLogFlowEvent\","
                + "\"flowRecords\":{\"flows\":[{\"aclID\":\"" + aclId + "\",\"flowGroups\":[{\"rule\":\"" + rule + "\","
                + "\"flowTuples\":[\"" + tuple + "\"]}]}]}}]}";
        DecodeResult r = new FlowLogDecoder().decode(doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).hasSize(1);
        return r.flowRecords().get(0);
    }

    private EvaluatedFlow judge(FlowRecord f) {
        EvaluatedFlow e = FlowEvaluator.evaluate(f, timeline.at(f.getEventTime()));
        assertThat(e.getJudged()).as(e.getUnjudgedReason()).isTrue();
        return e;
    }

    @Test
    void flowsDecidedByAdminRulesAsThePolicySaysAreNoDrift() {
        // Microsoft's example: inbound 22 and 119 from the Internet denied by BlockHighRiskTCPPortsFromInternet
        for (String tuple : new String[] {T + ",101.33.218.153,10.0.0.6,55188,22,6,I,D,NX,0,0,0,0",
                T + ",192.241.200.164,10.0.0.6,35276,119,6,I,D,NX,0,0,0,0"}) {
            EvaluatedFlow e = judge(logged(MAC_APP, BASELINE_GUID, "BlockHighRiskTCPPortsFromInternet", tuple));
            assertThat(e.getObserved().getNsg()).as("the configuration as the ruleset").isEqualTo("sac-baseline");
            assertThat(e.getExpected().getRule()).isEqualTo(BASELINE + "BlockHighRiskTCPPortsFromInternet");
            assertThat(e.getLoggedRuleExists()).isTrue();
            assertThat(e.getLoggedRuleExpected()).isTrue();
            assertThat(DriftClassifier.classify(e)).as(tuple).isNull();
        }
        // AlwaysAllow: the monitoring scrape is logged by the admin rule although the NSG denies 9100
        EvaluatedFlow monitoring = judge(logged(MAC_APP, BASELINE_GUID.toUpperCase(java.util.Locale.ROOT), "AlwaysAllowMonitoring",
                T + ",10.255.0.10,10.0.0.6,41000,9100,6,I,B,NX,0,0,0,0"));
        assertThat(DriftClassifier.classify(monitoring)).isNull();
        // Deny outbound by the second configuration, named by its resource id
        EvaluatedFlow dns = judge(logged(MAC_APP, SECURITY_ID, "DenyDnsToInternet", T + ",10.0.0.6,8.8.8.8,53000,53,17,O,D,NX,0,0,0,0"));
        assertThat(dns.getObserved().getNsg()).isEqualTo("sac-security");
        assertThat(DriftClassifier.classify(dns)).isNull();
        // Allow: the NSG decides and writes the line
        EvaluatedFlow https = judge(logged(MAC_APP, NSG_PROD, "UserRule_AllowHttpsInbound",
                T + ",198.51.100.7,10.0.0.6,50000,443,6,I,B,NX,0,0,0,0"));
        assertThat(https.getExpected().getRule()).isEqualTo("securityRules/AllowHttpsInbound");
        assertThat(DriftClassifier.classify(https)).isNull();
    }

    @Test
    void anNsgLineForAFlowAnAdminRuleDeniesIsAnUnexpectedAllowNamingTheAdminRule() {
        // the NSG's AllowTelnetLegacy let telnet in: the policy's admin rule denies it before any NSG
        EvaluatedFlow e = judge(logged(MAC_APP, NSG_PROD, "UserRule_AllowTelnetLegacy",
                T + ",198.51.100.7,10.0.0.6,50000,23,6,I,B,NX,0,0,0,0"));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_ALLOW);
        assertThat(e.getExpected().getRule()).isEqualTo(BASELINE + "BlockHighRiskTCPPortsFromInternet");
        assertThat(e.getExpected().getNsg()).isEqualTo("sac-baseline");
    }

    @Test
    void anNsgDenyForAFlowAnAdminRuleAlwaysAllowsIsAnUnexpectedDeny() {
        EvaluatedFlow e = judge(logged(MAC_APP, NSG_PROD, "UserRule_DenyMonitoringPort",
                T + ",10.255.0.10,10.0.0.6,41000,9100,6,I,D,NX,0,0,0,0"));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_DENY);
        assertThat(e.getExpected().getRule()).isEqualTo(BASELINE + "AlwaysAllowMonitoring");
    }

    @Test
    void theSameOutcomeByAnotherAdminRuleIsARuleMismatch() {
        // AlwaysAllowDns logged for DNS to the Internet, which DenyDnsToInternet (priority 15 < 50) should deny
        EvaluatedFlow deniedAsAllowed = judge(logged(MAC_APP, BASELINE_GUID, "AlwaysAllowDns",
                T + ",10.0.0.6,8.8.8.8,53001,53,17,O,B,NX,0,0,0,0"));
        assertThat(DriftClassifier.classify(deniedAsAllowed)).isEqualTo(DriftType.UNEXPECTED_ALLOW);
        assertThat(deniedAsAllowed.getExpected().getRule())
                .isEqualTo("securityAdminConfigurations/sac-security/ruleCollections/rc-dns/rules/DenyDnsToInternet");
        // an admin line for a flow the NSGs decide (AllowHttps only lets the NSGs decide)
        EvaluatedFlow allowLogged = judge(logged(MAC_APP, BASELINE_GUID, "AllowHttps",
                T + ",198.51.100.7,10.0.0.6,50001,443,6,I,B,NX,0,0,0,0"));
        assertThat(allowLogged.getLoggedRuleExists()).isTrue();
        assertThat(DriftClassifier.classify(allowLogged)).isEqualTo(DriftType.RULE_MISMATCH);
        assertThat(allowLogged.getExpected().getRule()).isEqualTo("securityRules/AllowHttpsInbound");
        assertThat(allowLogged.getExpected().getNsg()).isEqualTo("nsg-prod");
    }

    @Test
    void anAdminRuleThePolicyDoesNotHaveIsAnUnknownRule() {
        // Microsoft's example's second group, rule "Internet": denied inbound to a high port; the policy
        // has no admin rule of that name, and its NSG denies the flow (DenyAllInBound): same outcome
        EvaluatedFlow e = judge(logged(MAC_APP, BASELINE_GUID, "Internet", T + ",20.106.221.10,10.0.0.6,50557,44357,6,I,D,NX,0,0,0,0"));
        assertThat(e.getLoggedRuleExists()).isFalse();
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNKNOWN_RULE);
    }

    @Test
    void anAdminRuleLoggedInAVnetOutsideItsNetworkGroupsIsDrift() {
        // vnet-dev is in no group the baseline applies to: its NSG decides (DenyAllInBound)
        EvaluatedFlow e = judge(logged(MAC_DEV, BASELINE_GUID, "BlockHighRiskTCPPortsFromInternet",
                T + ",101.33.218.153,10.1.0.4,55188,22,6,I,D,NX,0,0,0,0"));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.RULE_MISMATCH);
        assertThat(e.getExpected().getRule()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(e.getExpected().getNsg()).isEqualTo("nsg-dev");
        // and the dev NSG's own line for the same flow is no drift
        EvaluatedFlow own = judge(logged(MAC_DEV, NSG_DEV, "DefaultRule_DenyAllInBound",
                T + ",101.33.218.153,10.1.0.4,55189,22,6,I,D,NX,0,0,0,0"));
        assertThat(DriftClassifier.classify(own)).isNull();
    }

    /**
     * A policy message with one security admin configuration (as the policy topic carries it to
     * stream) replaces it from its effectiveFrom on: sac-baseline without its high-risk-port rule
     * from 12:00, so telnet from the Internet is the NSG's to allow from then on, and the NSG's
     * AllowTelnetLegacy line is drift only before.
     */
    @Test
    void anAdminConfigurationMessageChangesTheJudgementFromItsEffectiveTime() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode snapshot;
        try (InputStream in = getClass().getResourceAsStream("/policy/snapshot-avnm-arm.json")) {
            snapshot = json.readTree(in);
        }
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) snapshot.get("securityAdminConfigurations").get(0).deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode rules =
                (com.fasterxml.jackson.databind.node.ArrayNode) config.get("ruleCollections").get(0).get("rules");
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).get("name").asText().equals("BlockHighRiskTCPPortsFromInternet")) {
                rules.remove(i);
            }
        }
        config.put("effectiveFrom", "2026-11-20T12:00:00Z");
        config.put("version", "sac-baseline-2");
        timeline.add(PolicyUpdates.read(config.toString()));
        String telnet = ",198.51.100.7,10.0.0.6,50000,23,6,I,B,NX,0,0,0,0";
        EvaluatedFlow before = judge(logged(MAC_APP, NSG_PROD, "UserRule_AllowTelnetLegacy", (T + 1_800_000L) + telnet));
        assertThat(DriftClassifier.classify(before)).isEqualTo(DriftType.UNEXPECTED_ALLOW);
        EvaluatedFlow after = judge(logged(MAC_APP, NSG_PROD, "UserRule_AllowTelnetLegacy", (T + 5_400_000L) + telnet));
        assertThat(after.getPolicyVersion()).isEqualTo("avnm-1+sac-baseline-2");
        assertThat(DriftClassifier.classify(after)).isNull();
    }
}
