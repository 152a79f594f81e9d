package io.nsgflow.evaluate;

import static io.nsgflow.evaluate.EvaluationFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.drift.DriftType;
import io.nsgflow.drift.DriftClassifier;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyReevaluationFunctionTest {

    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private KeyedBroadcastOperatorTestHarness<String, FlowRecord, io.nsgflow.policy.timeline.PolicyUpdate, EvaluatedFlow> harness;

    private void start(int maxWaitingPerKey) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new PolicyReevaluationFunction(List.of(), MAX_WAIT, maxWaitingPerKey, Duration.ofDays(1)),
                PolicyReevaluationFunction::nicKey,
                Types.STRING,
                PolicyReevaluationFunction.broadcastStates());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static FlowRecord sqlFromWeb(long time, Decision decision, FlowState state, String rule) {
        return nsgFlow(time, "10.1.1.4", 40000, "10.1.2.4", 1433, Direction.INBOUND, decision, state, rule, NSG_DB, MAC_DB1);
    }

    private List<EvaluatedFlow> output() {
        List<EvaluatedFlow> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private long waitingKeys() throws Exception {
        return harness.getOperator().getKeyedStateBackend()
                .getKeys(PolicyReevaluationFunction.WAITING.getName(), VoidNamespace.INSTANCE).count()
                + harness.getOperator().getKeyedStateBackend()
                .getKeys(PolicyReevaluationFunction.WAITING_COUNT.getName(), VoidNamespace.INSTANCE).count();
    }

    @Test
    void flowsThatArriveBeforeAnyPolicyWaitAndAreJudgedWhenItArrives() throws Exception {
        start(100);
        harness.processElement(sqlFromWeb(UNDER_V1, Decision.DENY, FlowState.BEGIN, "UserRule_DenyVnetIn"), UNDER_V1);
        harness.processElement(nsgFlow(UNDER_V1, "203.0.113.5", 1, "10.1.1.4", 443, Direction.INBOUND, Decision.ALLOW,
                FlowState.BEGIN, "UserRule_AllowHttps", NSG_WEB1, MAC_WEB1), UNDER_V1);
        assertThat(output()).isEmpty();
        assertThat(waitingKeys()).isEqualTo(4); // two NICs, list + count each

        harness.processBroadcastElement(v1(), V1_FROM);
        List<EvaluatedFlow> out = output();
        assertThat(out).hasSize(2).allMatch(EvaluatedFlow::getJudged);
        assertThat(out).extracting(DriftClassifier::classify)
                .containsExactlyInAnyOrder(DriftType.UNEXPECTED_DENY, null);
        assertThat(waitingKeys()).isZero();

        // the timers of released flows fire without effect and are gone afterwards
        harness.watermark(UNDER_V1 + MAX_WAIT.toMillis());
        assertThat(output()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void flowsNoPolicyCoversInTimeAreReportedNotJudgedAndStateIsCleared() throws Exception {
        start(100);
        harness.processElement(sqlFromWeb(UNDER_V1, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb"), UNDER_V1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.watermark(UNDER_V1 + MAX_WAIT.toMillis() - 1);
        assertThat(output()).isEmpty();
        harness.watermark(UNDER_V1 + MAX_WAIT.toMillis());
        List<EvaluatedFlow> out = output();
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.getJudged()).isFalse();
            assertThat(e.getUnjudgedReason()).contains("no policy").contains("PT10M");
        });
        assertThat(waitingKeys()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void whatCannotWaitIsReportedAtOnce() throws Exception {
        start(1);
        harness.processElement(sqlFromWeb(UNDER_V1, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb"), UNDER_V1);
        harness.processElement(sqlFromWeb(UNDER_V1 + 1, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb"), UNDER_V1 + 1);
        List<EvaluatedFlow> out = output();
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.getFlow().getEventTime()).isEqualTo(UNDER_V1 + 1);
            assertThat(e.getUnjudgedReason()).contains("already wait");
        });
        harness.processBroadcastElement(v1(), V1_FROM);
        assertThat(output()).singleElement().satisfies(e -> assertThat(e.getJudged()).isTrue());
    }

    @Test
    void aLateFlowIsJudgedAgainstTheVersionOfItsOwnTime() throws Exception {
        start(100);
        harness.processBroadcastElement(v1(), V1_FROM);
        harness.processBroadcastElement(v2(), V2_FROM);
        // arrives after v2 took effect, but happened under v1, where AllowSqlFromWeb existed
        harness.processElement(sqlFromWeb(UNDER_V1, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb"), UNDER_V2);
        harness.processElement(sqlFromWeb(UNDER_V2, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb"), UNDER_V2);
        List<EvaluatedFlow> out = output();
        assertThat(out).extracting(DriftClassifier::classify).containsExactly(null, DriftType.UNEXPECTED_ALLOW);
        assertThat(out).extracting(EvaluatedFlow::getPolicyVersion).containsExactly("v1", "v1+v2-lockdown-db");
    }

    @Test
    void aConnectionContinuingAcrossARuleChangeIsNotReported() throws Exception {
        start(100);
        harness.processBroadcastElement(v1(), V1_FROM);
        harness.processBroadcastElement(v2(), V2_FROM);
        harness.processElement(sqlFromWeb(V2_FROM - 1000, Decision.ALLOW, FlowState.BEGIN, "UserRule_AllowSqlFromWeb"), V2_FROM);
        harness.processElement(sqlFromWeb(UNDER_V2, Decision.ALLOW, FlowState.CONTINUING, "UserRule_AllowSqlFromWeb"), UNDER_V2);
        harness.processElement(sqlFromWeb(UNDER_V2 + 1, Decision.ALLOW, FlowState.END, "UserRule_AllowSqlFromWeb"), UNDER_V2);
        List<EvaluatedFlow> out = output();
        assertThat(out).hasSize(3).allMatch(e -> DriftClassifier.classify(e) == null);
        assertThat(out.stream().filter(EvaluatedFlow::getJudged).collect(Collectors.toList())).hasSize(1);
    }

    @Test
    void thePolicyTimelineLivesInBroadcastStateAndSurvivesARestore() throws Exception {
        start(100);
        harness.processBroadcastElement(v1(), V1_FROM);
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new PolicyReevaluationFunction(List.of(), MAX_WAIT, 100, Duration.ofDays(1)),
                        Arrays.asList(PolicyReevaluationFunction.broadcastStates())),
                PolicyReevaluationFunction::nicKey, Types.STRING, 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(sqlFromWeb(UNDER_V1, Decision.DENY, FlowState.BEGIN, "UserRule_DenyVnetIn"), UNDER_V1);
        assertThat(output()).singleElement().satisfies(e -> {
            assertThat(e.getJudged()).isTrue();
            assertThat(DriftClassifier.classify(e)).isEqualTo(DriftType.UNEXPECTED_DENY);
        });
        assertThat(harness.getBroadcastState(PolicyReevaluationFunction.POLICY_STATE).entries()).hasSize(1);
    }
}
