package io.nsgflow.drift;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.FlowEvaluator;
import static io.nsgflow.evaluate.EvaluationFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.policy.timeline.PolicyTimeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each expectation below was derived by hand from the network drawn in {@link EvaluationFixtures}. */
class DriftClassifierTest {

    private PolicyTimeline timeline;

    @BeforeEach
    void setUp() throws Exception {
        timeline = new PolicyTimeline();
        timeline.add(v1());
        timeline.add(v2());
    }

    private EvaluatedFlow judge(FlowRecord f) {
        return FlowEvaluator.evaluate(f, timeline.at(f.getEventTime()));
    }

    @Test
    void httpsFromInternetLoggedByTheNicNsgIsConsistent() {
        // inbound: nsg-web-subnet allows (AllowHttpsFromInternet), then nsg-web1 allows (AllowHttps), which logs
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "203.0.113.5", 50000, "10.1.1.4", 443, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowHttps", NSG_WEB1, MAC_WEB1));
        assertThat(e.getJudged()).isTrue();
        assertThat(DriftClassifier.classify(e)).isNull();
        assertThat(e.getExpected().getRule()).isEqualTo("securityRules/AllowHttps");
        assertThat(e.getExpected().getNsg()).isEqualTo("nsg-web1");
        assertThat(e.getPolicyVersion()).isEqualTo("v1");
        assertThat(e.getNicName()).isEqualTo("nic-web1");
    }

    @Test
    void theSubnetNsgsOwnLineForTheSameFlowIsConsistentToo() {
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "203.0.113.5", 50000, "10.1.1.4", 443, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowHttpsFromInternet", NSG_WEB_SUBNET, MAC_WEB1));
        assertThat(DriftClassifier.classify(e)).isNull();
        assertThat(e.getExpected().getNsg()).isEqualTo("nsg-web-subnet");
    }

    @Test
    void sshAllowedPastTheSubnetDenyIsAnUnexpectedAllow() {
        // nsg-web-subnet denies 22 (DenySsh), so nsg-web1 should never have seen, let alone allowed, it
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "198.51.100.7", 40000, "10.1.1.4", 22, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSshTemp", NSG_WEB1, MAC_WEB1));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_ALLOW);
        assertThat(e.getExpected().getDecision()).isEqualTo(Decision.DENY);
        assertThat(e.getExpected().getRule()).isEqualTo("securityRules/DenySsh");
        assertThat(e.getExpected().getNsg()).isEqualTo("nsg-web-subnet");
        assertThat(e.getObserved().getNsg()).isEqualTo("nsg-web1");
    }

    @Test
    void sqlFromWebDeniedUnderV1IsAnUnexpectedDeny() {
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40001, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.DENY, FlowState.BEGIN, "UserRule_DenyVnetIn", NSG_DB, MAC_DB1));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_DENY);
        assertThat(e.getExpected().getRule()).isEqualTo("securityRules/AllowSqlFromWeb");
    }

    @Test
    void anAllowByARuleThePolicyDoesNotHaveIsAnUnknownRule() {
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40002, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_TempAllowAll", NSG_DB, MAC_DB1));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNKNOWN_RULE);
    }

    @Test
    void theSameDecisionByAnotherExistingRuleIsARuleMismatch() {
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40003, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "DefaultRule_AllowVnetInBound", NSG_DB, MAC_DB1));
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.RULE_MISMATCH);
        assertThat(e.getExpected().getRule()).isEqualTo("securityRules/AllowSqlFromWeb");
    }

    @Test
    void ruleNamesCompareCaseInsensitivelyWithOrWithoutPrefix() {
        for (String logged : new String[] {"userrule_allowsqlfromweb", "AllowSqlFromWeb", "ALLOWSQLFROMWEB"}) {
            EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40004, "10.1.2.4", 1433, Direction.INBOUND,
                    Decision.ALLOW, FlowState.BEGIN, logged, NSG_DB, MAC_DB1));
            assertThat(DriftClassifier.classify(e)).as(logged).isNull();
        }
    }

    @Test
    void theVersionInForceAtTheFlowsOwnTimeDecides() {
        FlowRecord before = nsgFlow(UNDER_V1, "10.1.1.4", 40005, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb", NSG_DB, MAC_DB1);
        FlowRecord after = FlowRecord.newBuilder(before).setEventTime(UNDER_V2).build();
        assertThat(DriftClassifier.classify(judge(before))).isNull();
        EvaluatedFlow e = judge(after);
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_ALLOW);
        assertThat(e.getExpected().getRule()).isEqualTo("securityRules/DenyVnetIn");
        assertThat(e.getPolicyVersion()).isEqualTo("v1+v2-lockdown-db");
    }

    @Test
    void continuingAndEndTuplesAreNeverJudged() {
        for (FlowState state : new FlowState[] {FlowState.CONTINUING, FlowState.END}) {
            EvaluatedFlow e = judge(nsgFlow(UNDER_V2, "10.1.1.4", 40006, "10.1.2.4", 1433, Direction.INBOUND,
                    Decision.ALLOW, state, "UserRule_AllowSqlFromWeb", NSG_DB, MAC_DB1));
            assertThat(e.getJudged()).isFalse();
            assertThat(DriftClassifier.classify(e)).isNull();
            assertThat(e.getUnjudgedReason()).isNull();
        }
    }

    @Test
    void continuationTuplesAreLocatedLikeTheirConnectionsStart() {
        // the aggregates need the same NSG name and subnets as the B tuple, not the log's upper-cased id
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40006, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.CONTINUING, "UserRule_AllowSqlFromWeb", NSG_DB, MAC_DB1));
        assertThat(e.getJudged()).isFalse();
        assertThat(e.getObserved().getNsg()).isEqualTo("nsg-db");
        assertThat(e.getObserved().getRule()).isEqualTo("UserRule_AllowSqlFromWeb");
        assertThat(e.getNicName()).isEqualTo("nic-db1");
        assertThat(e.getLocalSubnetId()).endsWith("/subnets/db");
        assertThat(e.getRemoteSubnetId()).endsWith("/subnets/web");
        assertThat(e.getExpected()).isNull();

        EvaluatedFlow noPolicy = judge(nsgFlow(BEFORE_V1, "10.1.1.4", 40006, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.END, "UserRule_AllowSqlFromWeb", NSG_DB, MAC_DB1));
        assertThat(noPolicy.getObserved()).isNull();
        assertThat(noPolicy.getLocalSubnetId()).isNull();
        assertThat(noPolicy.getUnjudgedReason()).isNull();
    }

    @Test
    void nsgV1TuplesWithoutStateAreJudged() {
        FlowRecord v1Tuple = FlowRecord.newBuilder(nsgFlow(UNDER_V1, "10.1.1.4", 40007, "10.1.2.4", 1433,
                        Direction.INBOUND, Decision.DENY, null, "UserRule_DenyVnetIn", NSG_DB, MAC_DB1))
                .setLogFormat(io.nsgflow.flowlog.LogFormat.NSG_V1)
                .build();
        assertThat(DriftClassifier.classify(judge(v1Tuple))).isEqualTo(DriftType.UNEXPECTED_DENY);
    }

    @Test
    void vnetFlowLogsAreMatchedThroughTheAclId() {
        EvaluatedFlow ok = judge(vnetFlow(UNDER_V1, "10.1.1.4", 40008, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, "AllowSqlFromWeb", GUID_DB.toUpperCase(), "00-0D-3A-00-00-02"));
        assertThat(ok.getJudged()).isTrue();
        assertThat(DriftClassifier.classify(ok)).isNull();
        assertThat(ok.getObserved().getNsg()).isEqualTo("nsg-db");
        EvaluatedFlow denied = judge(vnetFlow(UNDER_V1, "10.1.1.4", 40009, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.DENY, "DenyVnetIn", GUID_DB, MAC_DB1));
        assertThat(DriftClassifier.classify(denied)).isEqualTo(DriftType.UNEXPECTED_DENY);
    }

    @Test
    void outboundIsJudgedNicFirstAndTheNicNsgsLineIsConsistent() {
        // outbound: nsg-web1 (AllowInternetOutBound) then nsg-web-subnet (AllowInternetOutBound)
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 50001, "8.8.8.8", 53, Direction.OUTBOUND,
                Decision.ALLOW, FlowState.BEGIN, "DefaultRule_AllowInternetOutBound", NSG_WEB1, MAC_WEB1));
        assertThat(DriftClassifier.classify(e)).isNull();
        assertThat(e.getExpected().getRule()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
    }

    @Test
    void theNicIsFoundByIpWhenTheLogHasNoMac() {
        EvaluatedFlow e = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40010, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.DENY, FlowState.BEGIN, "UserRule_DenyVnetIn", NSG_DB, null));
        assertThat(e.getNicName()).isEqualTo("nic-db1");
        assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_DENY);
    }

    @Test
    void flowsNoPolicyCoversOrOfUnknownNicsAreNotJudgedWithAReason() {
        EvaluatedFlow early = judge(nsgFlow(BEFORE_V1, "10.1.1.4", 40011, "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb", NSG_DB, MAC_DB1));
        assertThat(early.getJudged()).isFalse();
        assertThat(early.getUnjudgedReason()).startsWith("no policy in force");
        EvaluatedFlow stranger = judge(nsgFlow(UNDER_V1, "10.1.1.4", 40012, "10.9.9.9", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, "UserRule_X", NSG_DB, "00-0D-3A-FF-FF-FF"));
        assertThat(stranger.getJudged()).isFalse();
        assertThat(stranger.getUnjudgedReason()).contains("no NIC");
    }
}
