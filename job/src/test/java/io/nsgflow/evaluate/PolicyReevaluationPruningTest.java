package io.nsgflow.evaluate;

import static io.nsgflow.evaluate.EvaluationFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.drift.DriftClassifier;
import io.nsgflow.drift.DriftType;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.net.Direction;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pruning of the policy timeline across parallel instances, restores and rescales. The versions
 * (allowed lateness 1 h): v1 snapshot at 10:00 (nsg-db allows SQL from the web subnet), v2 at
 * 12:00 (nsg-db loses that rule), v3 at 14:00 (nsg-db gets it back). The latest version is at
 * 14:00, so the horizon is 13:00 on every instance: v2 stays (in force until 14:00, after the
 * horizon); SQL from web denied at 13:30 is judged against v2 (no drift, the deny is expected); a
 * connection start at 12:30 is before the horizon and is not judged. Judged against v1 instead
 * (what a timeline that lost v2 answers), the 13:30 deny would be false drift (unexpected deny).
 */
class PolicyReevaluationPruningTest {

    private static final Duration LATENESS = Duration.ofHours(1);
    private static final int MAX_PARALLELISM = 128;
    private static final long H = 3_600_000L;
    private static final long BEFORE_HORIZON = V2_FROM + H / 2; // 12:30
    private static final long AFTER_HORIZON = V2_FROM + 3 * H / 2; // 13:30
    private static final long HORIZON = V2_FROM + H; // 13:00
    private static final long FAR_WATERMARK = V2_FROM + 4 * H; // 16:00, past v3 + lateness

    private static PolicyUpdate v3;

    private final List<KeyedBroadcastOperatorTestHarness<String, FlowRecord, PolicyUpdate, EvaluatedFlow>> harnesses =
            new ArrayList<>();

    @BeforeAll
    static void reopenedNsgDb() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode snapshot = (ObjectNode) json.readTree(resource("policy-v1.json"));
        ObjectNode nsgDb = null;
        for (var nsg : snapshot.get("networkSecurityGroups")) {
            if (nsg.get("name").asText().equals("nsg-db")) {
                nsgDb = ((ObjectNode) nsg).deepCopy();
            }
        }
        nsgDb.put("effectiveFrom", Instant.ofEpochMilli(V2_FROM + 2 * H).toString());
        nsgDb.put("version", "v3-reopen-db");
        v3 = PolicyUpdates.read(json.writeValueAsString(nsgDb));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    private KeyedBroadcastOperatorTestHarness<String, FlowRecord, PolicyUpdate, EvaluatedFlow> harness(
            int parallelism, int subtask, OperatorSubtaskState restoreFrom) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new PolicyReevaluationFunction(List.of(), Duration.ofMinutes(10), 100, LATENESS),
                        Arrays.asList(PolicyReevaluationFunction.broadcastStates())),
                PolicyReevaluationFunction::nicKey, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        harnesses.add(h);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /**
     * SQL from the web subnet to nic-db1, denied by nsg-db's DenyVnetIn, under a key of the given
     * subtask: the NIC's MAC in one of the spellings the policy accepts, or no MAC (keyed by address).
     */
    private static FlowRecord deniedSql(long time, int subtask, int parallelism) {
        for (String mac : new String[] {MAC_DB1, MAC_DB1.toLowerCase(), "000D3A000002", "00:0D:3A:00:00:02", null}) {
            FlowRecord f = nsgFlow(time, "10.1.1.4", 40000, "10.1.2.4", 1433, Direction.INBOUND, Decision.DENY,
                    FlowState.BEGIN, "UserRule_DenyVnetIn", NSG_DB, mac);
            String key = PolicyReevaluationFunction.nicKey(f);
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism) == subtask) {
                return f;
            }
        }
        throw new AssertionError("no spelling of nic-db1's key falls on subtask " + subtask + " of " + parallelism);
    }

    private static List<EvaluatedFlow> take(KeyedBroadcastOperatorTestHarness<?, ?, ?, EvaluatedFlow> h) {
        List<EvaluatedFlow> out = h.extractOutputValues();
        h.getOutput().clear();
        return out;
    }

    /** The 12:30 and 13:30 denies judged on the harness. */
    private static List<EvaluatedFlow> judge(
            KeyedBroadcastOperatorTestHarness<String, FlowRecord, PolicyUpdate, EvaluatedFlow> h,
            int subtask, int parallelism) throws Exception {
        take(h);
        h.processElement(deniedSql(BEFORE_HORIZON, subtask, parallelism), BEFORE_HORIZON);
        h.processElement(deniedSql(AFTER_HORIZON, subtask, parallelism), AFTER_HORIZON);
        return take(h);
    }

    /** What an answer says: judged (with version and drift) or not. */
    private static List<String> answers(List<EvaluatedFlow> out) {
        return out.stream().map(e -> e.getJudged()
                ? "judged by " + e.getPolicyVersion() + ", drift " + DriftClassifier.classify(e)
                : "not judged").toList();
    }

    /** Judges the 12:30 and 13:30 denies on the harness and checks the answers of the class comment. */
    private static void judgesByTheHorizonOfTheVersions(
            KeyedBroadcastOperatorTestHarness<String, FlowRecord, PolicyUpdate, EvaluatedFlow> h,
            int subtask, int parallelism) throws Exception {
        List<EvaluatedFlow> out = judge(h, subtask, parallelism);
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getJudged()).as("12:30, before the horizon: not judged").isFalse();
        assertThat(out.get(0).getUnjudgedReason()).contains("allowed lateness");
        assertThat(out.get(1).getJudged()).as("13:30: judged").isTrue();
        assertThat(out.get(1).getPolicyVersion()).isEqualTo("v1+v2-lockdown-db");
        assertThat(DriftClassifier.classify(out.get(1))).as("the deny is what v2 expects").isNull();
    }

    /** Broadcast state as comparable values: update key -> version, and the horizon. */
    private static Map<String, String> broadcastState(
            KeyedBroadcastOperatorTestHarness<String, FlowRecord, PolicyUpdate, EvaluatedFlow> h) throws Exception {
        Map<String, String> state = new TreeMap<>();
        for (var e : h.getBroadcastState(PolicyReevaluationFunction.POLICY_STATE).entries()) {
            state.put(e.getKey(), e.getValue().getVersion());
        }
        for (var e : h.getBroadcastState(PolicyReevaluationFunction.PRUNED_BEFORE_STATE).entries()) {
            state.put("pruned before", Instant.ofEpochMilli(e.getValue()).toString());
        }
        return state;
    }

    private static Map<String, String> expectedState() throws Exception {
        return new TreeMap<>(Map.of(
                PolicyUpdates.key(v1()), "v1",
                PolicyUpdates.key(v2()), "v2-lockdown-db",
                PolicyUpdates.key(v3), "v3-reopen-db",
                "pruned before", Instant.ofEpochMilli(HORIZON).toString()));
    }

    /** Subtask 0 of 2 far ahead in event time, subtask 1 behind; the versions reach them in different orders. */
    private List<KeyedBroadcastOperatorTestHarness<String, FlowRecord, PolicyUpdate, EvaluatedFlow>> twoInstances()
            throws Exception {
        var ahead = harness(2, 0, null);
        var behind = harness(2, 1, null);
        ahead.processBroadcastElement(v1(), V1_FROM);
        ahead.processBroadcastElement(v2(), V2_FROM);
        ahead.watermark(FAR_WATERMARK);
        ahead.processBroadcastElement(v3, FAR_WATERMARK);
        behind.watermark(V1_FROM);
        behind.processBroadcastElement(v3, V1_FROM);
        behind.processBroadcastElement(v2(), V1_FROM);
        behind.processBroadcastElement(v1(), V1_FROM);
        return List.of(ahead, behind);
    }

    @Test
    void everyParallelInstanceKeepsTheSameVersionsWhateverItsWatermark() throws Exception {
        var instances = twoInstances();
        assertThat(broadcastState(instances.get(0))).isEqualTo(expectedState());
        assertThat(broadcastState(instances.get(1))).isEqualTo(expectedState());
        judgesByTheHorizonOfTheVersions(instances.get(0), 0, 2);
        judgesByTheHorizonOfTheVersions(instances.get(1), 1, 2);
    }

    @Test
    void aVersionBehindTheHorizonThatIsAlreadySupersededIsNotKept() throws Exception {
        var h = harness(1, 0, null);
        h.processBroadcastElement(v1(), V1_FROM);
        h.processBroadcastElement(v3, V1_FROM);
        // the snapshot again at 16:00 moves the horizon to 15:00
        PolicyUpdate v1Again = PolicyUpdates.read(resource("policy-v1.json")
                .replace("2026-11-20T10:00:00Z", Instant.ofEpochMilli(V2_FROM + 4 * H).toString())
                .replace("\"v1\"", "\"v1-again\""));
        h.processBroadcastElement(v1Again, V1_FROM);
        // v2 (12:00) arrives late: v3 (14:00) superseded it before the horizon, so it is dropped at once,
        // as on an instance that received it before v3
        h.processBroadcastElement(v2(), V1_FROM);
        assertThat(broadcastState(h)).isEqualTo(new TreeMap<>(Map.of(
                PolicyUpdates.key(v1()), "v1",
                PolicyUpdates.key(v3), "v3-reopen-db",
                PolicyUpdates.key(v1Again), "v1-again",
                "pruned before", Instant.ofEpochMilli(V2_FROM + 3 * H).toString())));
    }

    @Test
    void afterARestoreALateFlowIsJudgedAsBeforeIt() throws Exception {
        var h = harness(1, 0, null);
        h.processBroadcastElement(v1(), V1_FROM);
        h.processBroadcastElement(v2(), V2_FROM);
        h.watermark(FAR_WATERMARK);
        h.processBroadcastElement(v3, FAR_WATERMARK);
        List<String> before = answers(judge(h, 0, 1));
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);

        var restored = harness(1, 0, snapshot);
        assertThat(answers(judge(restored, 0, 1))).as("the same flows after the restore").isEqualTo(before);
        assertThat(broadcastState(restored)).isEqualTo(expectedState());
        judgesByTheHorizonOfTheVersions(restored, 0, 1);
    }

    @Test
    void rescalingFromTwoInstancesToOneKeepsTheVersionsAndTheHorizon() throws Exception {
        var instances = twoInstances();
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(
                instances.get(0).snapshot(1L, 1L), instances.get(1).snapshot(1L, 1L));

        var one = harness(1, 0,
                AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 1, 0));
        assertThat(broadcastState(one)).isEqualTo(expectedState());
        judgesByTheHorizonOfTheVersions(one, 0, 1);
    }

    @Test
    void rescalingFromOneInstanceToTwoGivesBothTheVersionsAndTheHorizon() throws Exception {
        var h = harness(1, 0, null);
        h.processBroadcastElement(v1(), V1_FROM);
        h.processBroadcastElement(v2(), V2_FROM);
        h.watermark(FAR_WATERMARK);
        h.processBroadcastElement(v3, FAR_WATERMARK);
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);

        for (int subtask = 0; subtask < 2; subtask++) {
            var restored = harness(2, subtask,
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask));
            assertThat(broadcastState(restored)).isEqualTo(expectedState());
            judgesByTheHorizonOfTheVersions(restored, subtask, 2);
        }
    }
}
