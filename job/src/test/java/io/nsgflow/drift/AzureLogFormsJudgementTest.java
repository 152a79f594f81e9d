package io.nsgflow.drift;

import static io.nsgflow.evaluate.EvaluationFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.FlowEvaluator;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.flowlog.PlatformRules;
import io.nsgflow.net.Direction;
import io.nsgflow.net.Protocol;
import io.nsgflow.policy.timeline.PolicyTimeline;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Judging flow-log lines in the forms Azure writes today (issue 12): aclID as the NSG's ARM id in
 * any case or as its resourceGuid, platform-rule groups, NSGs the policy lacks, protocols beyond
 * TCP/UDP. Expectations derived by hand from the network drawn in the evaluation fixtures.
 */
class AzureLogFormsJudgementTest {

    /** nsg-db's ARM id as the policy writes it (the fixtures' NSG_DB is the upper-cased form NSG logs write). */
    private static final String NSG_DB_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
            + "rg-drift/providers/Microsoft.Network/networkSecurityGroups/nsg-db";

    private PolicyTimeline timeline;

    @BeforeEach
    void setUp() throws Exception {
        timeline = new PolicyTimeline();
        timeline.add(v1());
    }

    private EvaluatedFlow judge(FlowRecord f) {
        return FlowEvaluator.evaluate(f, timeline.at(f.getEventTime()));
    }

    private static FlowRecord sqlFromWeb(String aclId, int srcPort) {
        // nic-web1 -> nic-db1:1433 is allowed by nsg-db's AllowSqlFromWeb (the db subnet has no NSG)
        return vnetFlow(UNDER_V1, "10.1.1.4", srcPort, "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW,
                "AllowSqlFromWeb", aclId, MAC_DB1);
    }

    @Test
    void anAclIdThatIsTheNsgsResourceIdIsResolvedInAnyLetterCase() {
        for (String aclId : new String[] {NSG_DB_ID, NSG_DB_ID.toUpperCase(Locale.ROOT),
                NSG_DB_ID.toLowerCase(Locale.ROOT)}) {
            EvaluatedFlow e = judge(sqlFromWeb(aclId, 40100));
            assertThat(e.getJudged()).as(aclId).isTrue();
            assertThat(e.getObserved().getNsg()).isEqualTo("nsg-db");
            assertThat(e.getLoggedRuleExists()).isTrue();
            assertThat(DriftClassifier.classify(e)).as(aclId).isNull();
        }
    }

    @Test
    void anAclIdThatIsTheResourceGuidIsResolvedToo() {
        EvaluatedFlow e = judge(sqlFromWeb(GUID_DB, 40101));
        assertThat(e.getJudged()).isTrue();
        assertThat(DriftClassifier.classify(e)).isNull();
    }

    @Test
    void aFlowWhoseNsgThePolicyLacksIsNotJudgedAndNeverDrift() {
        String unknownId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-drift/providers/"
                + "Microsoft.Network/networkSecurityGroups/nsg-not-in-policy";
        EvaluatedFlow byId = judge(sqlFromWeb(unknownId, 40102));
        assertThat(byId.getJudged()).isFalse();
        assertThat(byId.getUnjudgedReason()).contains(unknownId).contains("not in policy v1");
        assertThat(DriftClassifier.classify(byId)).isNull();
        assertThat(byId.getNicName()).isEqualTo("nic-db1"); // still located, for aggregates

        EvaluatedFlow byGuid = judge(sqlFromWeb("99999999-0000-4000-8000-000000000009", 40103));
        assertThat(byGuid.getJudged()).isFalse();
        assertThat(byGuid.getUnjudgedReason()).contains("99999999-0000-4000-8000-000000000009");

        EvaluatedFlow nsgLog = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40104, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb", SUB + "NSG-GONE", MAC_DB1));
        assertThat(nsgLog.getJudged()).isFalse();
        assertThat(DriftClassifier.classify(nsgLog)).isNull();
    }

    @Test
    void anNsgLogWhoseResourceIdIsUnknownIsFoundByItsSystemId() {
        // systemId is the NSG's resourceGuid as Azure writes it into NSG flow-log records
        FlowRecord f = FlowRecord.newBuilder(nsgFlow(UNDER_V1, "10.1.1.4", 40105, "10.1.2.4", 1433,
                        Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb",
                        SUB + "NSG-DB-RENAMED", MAC_DB1))
                .setSystemId(GUID_DB)
                .build();
        EvaluatedFlow e = judge(f);
        assertThat(e.getJudged()).isTrue();
        assertThat(e.getObserved().getNsg()).isEqualTo("nsg-db");
        assertThat(DriftClassifier.classify(e)).isNull();
    }

    @Test
    void platformRuleGroupsAreNotJudgedAgainstAnNsgAndNeverDrift() {
        // DNS to the wire server and IMDS, as VNet flow logs write them: rule PlatformRule, aclID all zeros
        FlowRecord dns = FlowRecord.newBuilder(vnetFlow(UNDER_V1, "10.1.2.4", 53001, "168.63.129.16", 53,
                        Direction.OUTBOUND, Decision.ALLOW, PlatformRules.RULE, PlatformRules.ACL_ID, MAC_DB1))
                .setProtocol(Protocol.UDP)
                .build();
        FlowRecord imds = vnetFlow(UNDER_V1, "10.1.2.4", 53002, "169.254.169.254", 80, Direction.OUTBOUND,
                Decision.ALLOW, PlatformRules.RULE, PlatformRules.ACL_ID, MAC_DB1);
        // a platform drop (D) is not the policy's either
        FlowRecord dropped = vnetFlow(UNDER_V1, "203.0.113.9", 53003, "10.1.2.4", 80, Direction.INBOUND,
                Decision.DENY, PlatformRules.RULE, PlatformRules.ACL_ID, MAC_DB1);
        for (FlowRecord f : new FlowRecord[] {dns, imds, dropped}) {
            EvaluatedFlow e = judge(f);
            assertThat(e.getJudged()).isFalse();
            assertThat(e.getUnjudgedReason()).isEqualTo(FlowEvaluator.PLATFORM_REASON);
            assertThat(DriftClassifier.classify(e)).isNull();
            assertThat(e.getNicName()).isEqualTo("nic-db1");
        }
    }

    @Test
    void protocolsWithoutPortsMatchStarRulesOnly() {
        // GRE (47), SCTP (132), ICMPv6 (58) from nic-web1 to nic-db1: AllowSqlFromWeb is Tcp, so nsg-db's
        // DenyVnetIn (protocol *, from VirtualNetwork) denies them
        for (int protocol : new int[] {Protocol.GRE, Protocol.SCTP, Protocol.ICMPV6}) {
            FlowRecord denied = FlowRecord.newBuilder(vnetFlow(UNDER_V1, "10.1.1.4", 0, "10.1.2.4", 0,
                            Direction.INBOUND, Decision.DENY, "DenyVnetIn", NSG_DB_ID, MAC_DB1))
                    .setProtocol(protocol)
                    .build();
            EvaluatedFlow e = judge(denied);
            assertThat(e.getJudged()).as(Protocol.name(protocol)).isTrue();
            assertThat(e.getExpected().getDecision()).isEqualTo(Decision.DENY);
            assertThat(e.getExpected().getRule()).isEqualTo("securityRules/DenyVnetIn");
            assertThat(DriftClassifier.classify(e)).as(Protocol.name(protocol)).isNull();
            FlowRecord allowed = FlowRecord.newBuilder(denied).setDecision(Decision.ALLOW)
                    .setRule("DefaultRule_AllowVnetInBound").build();
            assertThat(DriftClassifier.classify(judge(allowed))).isEqualTo(DriftType.UNEXPECTED_ALLOW);
        }
        // GRE from the Internet to nic-web1: nsg-web-subnet's rules are Tcp, so its DenyAllInBound denies
        FlowRecord gre = FlowRecord.newBuilder(nsgFlow(UNDER_V1, "203.0.113.5", 0, "10.1.1.4", 0,
                        Direction.INBOUND, Decision.DENY, FlowState.BEGIN, "DefaultRule_DenyAllInBound",
                        NSG_WEB_SUBNET, MAC_WEB1))
                .setProtocol(Protocol.GRE)
                .build();
        EvaluatedFlow e = judge(gre);
        assertThat(e.getExpected().getRule()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(DriftClassifier.classify(e)).isNull();
    }
}
