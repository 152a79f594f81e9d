package io.nsgflow.synthetic;

import io.nsgflow.net.Protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.drift.DriftClassifier;
import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.drift.DriftFindings;
import io.nsgflow.evaluate.FlowEvaluator;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.flowlog.LogFormat;
import io.nsgflow.flowlog.RejectReason;
import io.nsgflow.flowlog.Rejection;
import io.nsgflow.policy.NetworkSecurityGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof that the generator is right: its documents decode, and the drift judge finds in them
 * exactly the drift the generator says it planted, nothing else. Where the expectation is about the
 * network's behaviour, it is derived by hand from the scenario's rules (see {@link EnterpriseScenario}).
 */
class FlowLogGeneratorTest {

    private static final long SEED = 20261120L;
    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant CHANGE = Instant.parse("2026-11-20T10:08:00Z");
    private static final GeneratorOptions OPTIONS = new GeneratorOptions(16, 150, 3, 3, 3, 3, 6, 4);

    private static GeneratedRun run;

    @BeforeAll
    static void generate() throws Exception {
        run = new GeneratedRun(EnterpriseScenario.generate(SEED, 30, START, CHANGE), SEED, START, OPTIONS);
    }

    /** What identifies a finding: type, time and 5-tuple with direction. */
    private record Key(DriftType type, long time, String src, int srcPort, String dst, int dstPort, String protocol,
            String direction) {}

    @Test
    void theJudgeFindsExactlyThePlantedDriftAndNothingElse() {
        List<Key> found = new ArrayList<>();
        for (EvaluatedFlow e : run.judged) {
            DriftFinding f = DriftFindings.of(e);
            if (f != null) {
                found.add(new Key(f.getType(), f.getEventTime(), f.getSrcIp(), f.getSrcPort(), f.getDstIp(), f.getDstPort(),
                        Protocol.name(f.getProtocol()).toUpperCase(java.util.Locale.ROOT), f.getDirection().name()));
            }
        }
        List<Key> planted = run.truth.planted().stream()
                .map(p -> new Key(p.type(), p.eventTime(), p.srcIp(), p.srcPort(), p.dstIp(), p.dstPort(), p.protocol(),
                        p.direction()))
                .toList();
        assertThat(planted).hasSize(12);
        assertThat(run.truth.plantedPerType()).containsOnly(
                Map.entry(DriftType.UNEXPECTED_ALLOW, 3), Map.entry(DriftType.UNEXPECTED_DENY, 3),
                Map.entry(DriftType.UNKNOWN_RULE, 3), Map.entry(DriftType.RULE_MISMATCH, 3));
        assertThat(found).containsExactlyInAnyOrderElementsOf(planted);
    }

    @Test
    void everyConnectionStartIsJudgedSoNormalTrafficReallyWasCompared() {
        List<EvaluatedFlow> begins = run.judged.stream().filter(e -> ConnectionStarts.begins(e.getFlow())).toList();
        assertThat(begins).hasSizeGreaterThan(16 * 150);
        assertThat(begins).allSatisfy(e -> assertThat(e.getJudged()).as("%s: %s", e.getFlow(), e.getUnjudgedReason()).isTrue());
        assertThat(begins.stream().map(EvaluatedFlow::getPolicyVersion).collect(Collectors.toSet()))
                .hasSize(2).contains("v1").anySatisfy(v -> assertThat(v).contains(EnterpriseScenario.V2_VERSION));
    }

    @Test
    void everyDocumentDecodesExceptThePlantedMalformedOnesWhichAreRejectedOnceForTheirReason() {
        Set<String> malformedBlobs = run.truth.malformed().stream().map(MalformedInput::blob).collect(Collectors.toSet());
        assertThat(malformedBlobs).hasSize(6);
        assertThat(run.rejectionsByBlob.keySet()).isEqualTo(malformedBlobs);
        for (MalformedInput m : run.truth.malformed()) {
            List<Rejection> r = run.rejectionsByBlob.get(m.blob());
            assertThat(r).as(m.blob()).hasSize(1);
            assertThat(r.get(0).reason()).as(m.blob()).isEqualTo(m.reason());
        }
        assertThat(run.truth.malformed().stream().map(MalformedInput::reason).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(RejectReason.UNREADABLE, RejectReason.FIELD_COUNT, RejectReason.ADDRESS);
        assertThat((long) run.records.size()).isEqualTo(run.truth.tuples());
        assertThat((long) run.blobs.size()).isEqualTo(run.truth.blobs());
    }

    @Test
    void documentsHaveAzuresShapeOneRecordPerNsgPerMacPerMinute() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Set<String> malformedBlobs = run.truth.malformed().stream().map(MalformedInput::blob).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        int nsg = 0;
        int vnet = 0;
        for (FlowLogBlob b : run.blobs) {
            if (malformedBlobs.contains(b.name())) {
                continue;
            }
            JsonNode records = mapper.readTree(b.json()).get("records");
            assertThat(records).hasSize(1);
            JsonNode r = records.get(0);
            String minute = b.name().substring(0, 5);
            if (r.has("properties")) {
                nsg++;
                assertThat(r.get("category").asText()).isEqualTo("NetworkSecurityGroupFlowEvent");
                assertThat(r.get("operationName").asText()).isEqualTo("NetworkSecurityGroupFlowEvents");
                assertThat(r.get("properties").get("Version").asInt()).isEqualTo(2);
                String resourceId = r.get("resourceId").asText();
                assertThat(resourceId).isEqualTo(resourceId.toUpperCase(Locale.ROOT)).contains("/NETWORKSECURITYGROUPS/");
                String mac = r.get("properties").get("flows").get(0).get("flows").get(0).get("mac").asText();
                assertThat(mac).matches("[0-9A-F]{12}");
                assertThat(seen.add(minute + resourceId + mac)).as("one record per NSG per MAC per minute").isTrue();
                for (JsonNode group : r.get("properties").get("flows")) {
                    assertThat(group.get("rule").asText()).matches("(UserRule|DefaultRule)_\\w+");
                }
            } else {
                vnet++;
                assertThat(r.get("category").asText()).isEqualTo("FlowLogFlowEvent");
                assertThat(r.get("flowLogVersion").asInt()).isEqualTo(4);
                assertThat(seen.add(minute + r.get("macAddress").asText())).isTrue();
                assertThat(r.get("flowRecords").get("flows").get(0).get("aclID").asText()).matches("[0-9a-f-]{36}");
            }
        }
        assertThat(nsg).isGreaterThan(100);
        assertThat(vnet).isGreaterThan(50);
        // NSG v2: counters empty on B, present on C/E
        assertThat(run.records).filteredOn(f -> f.getLogFormat() == LogFormat.NSG_V2 && f.getFlowState() == FlowState.BEGIN)
                .allSatisfy(f -> assertThat(f.getPacketsSrcToDst()).isNull());
        assertThat(run.records).filteredOn(f -> f.getFlowState() == FlowState.END)
                .isNotEmpty().allSatisfy(f -> assertThat(f.getPacketsSrcToDst()).isPositive());
        assertThat(run.records).filteredOn(f -> f.getFlowState() == FlowState.CONTINUING).isNotEmpty();
    }

    // ---- the network behaves as its rules say (hand-derived from EnterpriseScenario's rule set)

    @Test
    void internetScannersAreDeniedOnSshAndRdp() {
        Set<String> plantedAllows = plantedSources(DriftType.UNEXPECTED_ALLOW);
        List<FlowRecord> scans = begins().stream()
                .filter(f -> f.getDirection() == Direction.INBOUND && (f.getDstPort() == 3389 || f.getDstPort() == 22)
                        && !f.getSrcIp().startsWith("10.") && !f.getSrcIp().startsWith("203.0.113."))
                .filter(f -> !plantedAllows.contains(f.getSrcIp()))
                .toList();
        assertThat(scans).hasSizeGreaterThan(20).allSatisfy(f -> assertThat(f.getDecision()).isEqualTo(Decision.DENY));
        // on web subnets the explicit rule decides; app and db subnets fall through to the default deny
        assertThat(scans).filteredOn(f -> f.getDstIp().matches("10\\.[12]\\.1\\.\\d+"))
                .allSatisfy(f -> assertThat(f.getRule()).endsWith("DenySshRdpFromInternet"));
        assertThat(scans).filteredOn(f -> f.getDstIp().matches("10\\.[12]\\.[23]\\.\\d+"))
                .allSatisfy(f -> assertThat(f.getRule()).isEqualTo("DefaultRule_DenyAllInBound"));
    }

    @Test
    void webToAppIsAllowedByTheAsgRuleAndWebToDbIsDenied() {
        Set<String> plantedDenies = plantedSources(DriftType.UNEXPECTED_DENY);
        List<FlowRecord> webToApp = begins().stream()
                .filter(f -> f.getDirection() == Direction.INBOUND && f.getDstPort() == 8080
                        && f.getSrcIp().matches("10\\.[12]\\.1\\.\\d+") && !plantedDenies.contains(f.getSrcIp() + ":" + f.getSrcPort()))
                .toList();
        assertThat(webToApp).hasSizeGreaterThan(50).allSatisfy(f -> {
            assertThat(f.getDecision()).isEqualTo(Decision.ALLOW);
            assertThat(LoggedRule.bare(f.getRule())).isEqualTo("AllowAppFromWeb");
        });
        List<FlowRecord> webToDb = begins().stream()
                .filter(f -> f.getDirection() == Direction.INBOUND && f.getDstPort() == 1433
                        && f.getSrcIp().matches("10\\.[12]\\.1\\.\\d+"))
                .toList();
        assertThat(webToDb).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getDecision()).isEqualTo(Decision.DENY);
            assertThat(LoggedRule.bare(f.getRule())).isEqualTo("DenyVnetInBound");
        });
    }

    @Test
    void plainHttpToProdWebIsAllowedBeforeTheChangeAndDeniedAfter() {
        long change = CHANGE.toEpochMilli();
        List<FlowRecord> http = begins().stream()
                .filter(f -> f.getDirection() == Direction.INBOUND && f.getDstPort() == 80
                        && f.getDstIp().startsWith("10.1.1.") && !f.getSrcIp().startsWith("10."))
                .toList();
        List<FlowRecord> before = http.stream().filter(f -> f.getEventTime() < change).toList();
        List<FlowRecord> after = http.stream().filter(f -> f.getEventTime() >= change).toList();
        assertThat(before).isNotEmpty().allSatisfy(f -> assertThat(f.getDecision()).isEqualTo(Decision.ALLOW));
        // both NSGs on the way in log their own allow: the subnet's HTTP rule, the NIC's web-ports rule
        assertThat(before.stream().map(FlowRecord::getRule).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("UserRule_AllowHttpFromInternet", "UserRule_AllowWebPorts");
        assertThat(after).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getDecision()).isEqualTo(Decision.DENY);
            assertThat(f.getRule()).isEqualTo("DefaultRule_DenyAllInBound");
            assertThat(f.getNsgResourceId()).endsWith("/NSG-PROD-WEB");
        });
    }

    @Test
    void connectionsBegunBeforeTheChangeContinueAfterItWithoutDrift() {
        long change = CHANGE.toEpochMilli();
        assertThat(run.truth.carried()).hasSize(4);
        for (CarriedConnection c : run.truth.carried()) {
            assertThat(c.beganAt()).isLessThan(change);
            List<EvaluatedFlow> later = run.judged.stream()
                    .filter(e -> same(e.getFlow(), c) && e.getFlow().getEventTime() >= change)
                    .toList();
            assertThat(later).hasSize(c.tuplesAfterChange()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getFlow().getFlowState()).isIn(FlowState.CONTINUING, FlowState.END);
                assertThat(e.getFlow().getDecision()).isEqualTo(Decision.ALLOW);
                assertThat(DriftClassifier.classify(e)).isNull();
            });
            // a new connection like it would be denied by v2: the subnet NSG lost its HTTP rule
            NetworkSecurityGroup webNsg = run.timeline.at(change).compiled().nsgById(
                    EnterpriseScenario.id("networkSecurityGroups", EnterpriseScenario.CHANGED_NSG));
            assertThat(webNsg.securityRules()).extracting(r -> r.name()).doesNotContain(EnterpriseScenario.REMOVED_RULE);
            List<EvaluatedFlow> begin = run.judged.stream()
                    .filter(e -> same(e.getFlow(), c) && e.getFlow().getFlowState() == FlowState.BEGIN).toList();
            assertThat(begin).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getPolicyVersion()).isEqualTo("v1");
                assertThat(DriftClassifier.classify(e)).isNull();
            });
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOne() {
        GeneratorOptions small = new GeneratorOptions(3, 40, 1, 1, 1, 1, 1, 0);
        List<String> a = jsons(EnterpriseScenario.generate(7), 7, small);
        List<String> b = jsons(EnterpriseScenario.generate(7), 7, small);
        List<String> c = jsons(EnterpriseScenario.generate(8), 8, small);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        assertThat(EnterpriseScenario.generate(7).snapshotV1Json()).isEqualTo(EnterpriseScenario.generate(7).snapshotV1Json());
    }

    @Test
    void minutesComeInOrderAndBadOptionsAreNamed() {
        FlowLogGenerator g = new FlowLogGenerator(EnterpriseScenario.generate(1), 1, EnterpriseScenario.DEFAULT_V1_FROM,
                GeneratorOptions.defaults().withConnectionsPerMinute(5));
        assertThatThrownBy(() -> g.minute(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("expected minute 0");
        assertThatThrownBy(() -> new GeneratorOptions(0, 1, 0, 0, 0, 0, 0, 0)).hasMessageContaining("minutes");
        assertThatThrownBy(() -> GeneratorOptions.defaults().withDriftPerType(-1)).hasMessageContaining("unexpectedAllows");
        assertThatThrownBy(() -> EnterpriseScenario.generate(1, 9, START, CHANGE)).hasMessageContaining("nics");
        // the change at minute 30 is outside a 10-minute run, so nothing can be carried across it
        assertThatThrownBy(() -> new FlowLogGenerator(EnterpriseScenario.generate(1), 1, EnterpriseScenario.DEFAULT_V1_FROM,
                GeneratorOptions.defaults().withMinutes(10))).hasMessageContaining("carriedConnections");
        assertThatThrownBy(() -> new FlowLogGenerator(EnterpriseScenario.generate(1), 1, START.minusSeconds(60),
                GeneratorOptions.defaults())).hasMessageContaining("before the policy's v1From");
    }

    // ---- helpers

    private static List<String> jsons(EnterpriseScenario s, long seed, GeneratorOptions o) {
        FlowLogGenerator g = new FlowLogGenerator(s, seed, s.v1From(), o);
        List<String> out = new ArrayList<>();
        for (int m = 0; m < o.minutes(); m++) {
            g.minute(m).forEach(b -> out.add(b.name() + " " + b.json()));
        }
        out.add(g.groundTruth().toJson());
        return out;
    }

    private static boolean same(FlowRecord f, CarriedConnection c) {
        return f.getSrcIp().equals(c.srcIp()) && f.getSrcPort() == c.srcPort() && f.getDstIp().equals(c.dstIp())
                && f.getDstPort() == c.dstPort();
    }

    private static List<FlowRecord> begins() {
        return run.records.stream().filter(ConnectionStarts::begins).toList();
    }

    /** Sources (IP, and IP:port) of planted lines of a type, to leave them out of behaviour checks. */
    private static Set<String> plantedSources(DriftType type) {
        Set<String> out = new HashSet<>();
        for (PlantedFinding p : run.truth.planted()) {
            if (p.type() == type) {
                out.add(p.srcIp());
                out.add(p.srcIp() + ":" + p.srcPort());
            }
        }
        return out;
    }

    /** Rule names without the UserRule_/DefaultRule_ prefix NSG logs add (VNet logs write user rules bare). */
    private static final class LoggedRule {
        static String bare(String logged) {
            return logged.replaceFirst("^(UserRule_|DefaultRule_)", "");
        }
    }
}
