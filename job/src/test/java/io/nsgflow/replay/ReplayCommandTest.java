package io.nsgflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole replay on a MiniCluster over hand-made flow logs of the drift test network (see
 * EvaluationFixtures). Expected findings, derived by hand from the policy:
 * <pre>
 * nsg-db.json   11:00 web->db:1433 allow AllowSqlFromWeb B   consistent (v1)
 *               11:05 same connection C, 12:31 E             not judged (continuation)
 *               12:30 web->db:1433 allow AllowSqlFromWeb B   unexpected_allow (v2 removed the rule)
 *               11:05 10.1.1.5->db:1433 deny DenyVnetIn      unexpected_deny (v1 allows web subnet)
 *               11:06 10.1.3.9->db:1433 deny DenyVnetIn      consistent
 *               11:10 allow TempAllowAll                     unknown_rule
 *               11:15 allow DefaultRule_AllowVnetInBound     rule_mismatch (AllowSqlFromWeb decides)
 * nsg-web1.json 11:20 Internet->web1:443 allow AllowHttps    consistent
 *               09:00 same, before any policy                not judged (no policy in force)
 *               11:21 ->web1:22 allow AllowSshTemp           unexpected_allow (subnet NSG denies 22)
 * vnet.json     11:30 web->db:1433 D, aclID of nsg-db        unexpected_deny
 * broken.json   one tuple with port 14x33                    rejected
 * </pre>
 * Expected aggregates, one per minute and key, from the tuples above (C 11:05 counters 10+12
 * packets, 1000+9000 bytes; E 12:31 counters 3+2 packets, 300+200 bytes; B and D tuples have
 * none). Only web1 (10.1.1.4, subnet web) and db1 (10.1.2.4, subnet db) are NICs of the policy,
 * so only web->db is east-west; the peers 10.1.1.5 and 10.1.3.9 (no NIC) and the Internet
 * hosts are north-south. The 09:00 tuple has no policy, so its NSG name comes from the log.
 */
class ReplayCommandTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path resource(String name) throws Exception {
        return Path.of(ReplayCommandTest.class.getResource(name).toURI());
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void findsThePlantedDriftExactlyAndNothingOnConsistentFlows() throws Exception {
        Path out = tmp.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {
                "replay",
                "--snapshot", resource("/drift/policy-v1.json").toString(),
                "--snapshot", resource("/drift/nsg-db-v2.json").toString(),
                "--flows", resource("/replay").toString(),
                "--out", out.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(stdout, true), new PrintStream(stderr, true));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();

        List<JsonNode> drift = lines(out.resolve("drift.jsonl"));
        Map<String, Long> byType = drift.stream()
                .collect(Collectors.groupingBy(d -> d.at("/nsgflow/drift/type").asText(), Collectors.counting()));
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of(
                "unexpected_allow", 2L, "unexpected_deny", 2L, "unknown_rule", 1L, "rule_mismatch", 1L));
        assertThat(drift).anySatisfy(d -> {
            assertThat(d.at("/destination/port").asInt()).isEqualTo(22);
            assertThat(d.at("/nsgflow/drift/type").asText()).isEqualTo("unexpected_allow");
            assertThat(d.at("/nsgflow/drift/expected/rule").asText()).isEqualTo("securityRules/DenySsh");
            assertThat(d.at("/nsgflow/drift/expected/nsg").asText()).isEqualTo("nsg-web-subnet");
            assertThat(d.at("/nsgflow/policy/version").asText()).isEqualTo("v1");
        });
        assertThat(drift).anySatisfy(d -> {
            assertThat(d.at("/source/port").asInt()).isEqualTo(40001);
            assertThat(d.at("/nsgflow/drift/type").asText()).isEqualTo("unexpected_allow");
            assertThat(d.at("/nsgflow/policy/version").asText()).isEqualTo("v1+v2-lockdown-db");
        });
        assertThat(drift).anySatisfy(d -> {
            assertThat(d.at("/nsgflow/flowlog/format").asText()).isEqualTo("VNET_V4");
            assertThat(d.at("/nsgflow/drift/type").asText()).isEqualTo("unexpected_deny");
            assertThat(d.at("/nsgflow/drift/observed/nsg").asText()).isEqualTo("nsg-db");
        });
        // consistent flows and continuations have no finding
        assertThat(drift).noneMatch(d -> d.at("/source/port").asInt() == 40000 || d.at("/source/port").asInt() == 40003
                || d.at("/source/port").asInt() == 50000);

        List<JsonNode> alerts = lines(out.resolve("alerts.jsonl"));
        assertThat(alerts).hasSize(6);
        assertThat(alerts.stream().map(a -> a.at("/event/id").asText()).distinct()).hasSize(6);
        assertThat(alerts).filteredOn(a -> a.at("/nsgflow/alert/type").asText().equals("drift.unexpected_allow"))
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.at("/threat/technique/id/0").asText()).isEqualTo("T1562.007"));

        List<JsonNode> rejected = lines(out.resolve("rejected.jsonl"));
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.at("/stage").asText()).isEqualTo("flowlog-decoder");
            assertThat(r.at("/origin/path").asText()).endsWith("broken.json");
            assertThat(r.at("/excerpt").asText()).contains("14x33");
        });

        List<JsonNode> unjudged = lines(out.resolve("unjudged.jsonl"));
        assertThat(unjudged).singleElement().satisfies(u -> {
            assertThat(u.at("/flow/srcIp").asText()).isEqualTo("203.0.113.6");
            assertThat(u.at("/reason").asText()).contains("no policy");
        });

        assertAggregates(lines(out.resolve("aggregates.jsonl")));

        // by default (alert.min-severity medium, 15 min throttle) every alert but the low rule_mismatch goes
        // out at once: the only key with two alerts (unexpected_deny at db1, 11:05 and 11:30) is quiet from
        // 11:20, so the 11:30 one opens a new run; the json payload is the alert document itself
        List<JsonNode> webhooks = lines(out.resolve("webhooks.jsonl"));
        Map<String, JsonNode> alertById = alerts.stream().collect(Collectors.toMap(a -> a.at("/event/id").asText(), a -> a));
        assertThat(webhooks).hasSize(5).allSatisfy(w -> {
            assertThat(w.get("format").asText()).isEqualTo("json");
            assertThat(w.get("delivery").asInt()).isEqualTo(1);
            assertThat(w.get("summary").asBoolean()).isFalse();
            assertThat(w.get("idempotencyKey").asText()).isEqualTo(w.get("alertId").asText() + ":1");
            assertThat(w.get("payload")).isEqualTo(alertById.get(w.get("alertId").asText()));
            assertThat(w.has("endpoint")).isFalse();
        });
        assertThat(webhooks).extracting(w -> w.at("/payload/nsgflow/alert/severity").asText()).doesNotContain("low");

        String summary = stdout.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("flows read     12").contains("judged         9")
                .contains("not judged     1").contains("rejected       1").contains("aggregates     24")
                .contains("webhooks       5");
        // from the job's accumulators: why the one start was not judged (09:00, before v1), and the two
        // continuation tuples (C 11:05, E 12:31) that are not judged by design
        assertThat(summary).contains("files read     4")
                .contains("    1        no policy version was in force at the flow's time")
                .contains("continuations  2 continuing or end tuples: not judged by design")
                .contains("drift          6 (drift.jsonl)").contains("alerts         6 (alerts.jsonl)")
                .containsPattern("unexpected_allow +2\n").containsPattern("rule_mismatch +1\n");
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .containsPattern("replay: 4/4 files, 12 tuples read \\([\\d,]+ tuples/s\\); so far 6 drift findings,"
                        + " 6 alerts, 1 rejected");
    }

    /** Measures: tuples, flows, allowed, denied, bytes, packets. */
    /** Replays one snapshot over one folder of flow logs, expects exit 0 and no drift, alert or rejection; the summary. */
    private static String replayWithoutDrift(String snapshot, String flows, Path out) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {
                "replay",
                "--snapshot", resource(snapshot).toString(),
                "--flows", resource(flows).toString(),
                "--out", out.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(stdout, true), new PrintStream(stderr, true));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(lines(out.resolve("drift.jsonl"))).isEmpty();
        assertThat(lines(out.resolve("alerts.jsonl"))).isEmpty();
        assertThat(lines(out.resolve("rejected.jsonl"))).isEmpty();
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static List<Long> m(long tuples, long flows, long allowed, long denied, long bytes, long packets) {
        return List.of(tuples, flows, allowed, denied, bytes, packets);
    }

    private static List<Long> measures(JsonNode a) {
        return List.of(a.at("/nsgflow/aggregate/tuples").asLong(), a.at("/nsgflow/aggregate/flows").asLong(),
                a.at("/nsgflow/aggregate/allowed").asLong(), a.at("/nsgflow/aggregate/denied").asLong(),
                a.at("/network/bytes").asLong(), a.at("/network/packets").asLong());
    }

    private static void assertAggregates(List<JsonNode> aggregates) {
        assertThat(aggregates.stream().map(a -> a.at("/event/id").asText()).distinct()).hasSize(24);

        Map<String, List<Long>> byRule = new java.util.TreeMap<>();
        Map<String, List<Long>> eastWest = new java.util.TreeMap<>();
        Map<String, List<Long>> northSouth = new java.util.TreeMap<>();
        for (JsonNode a : aggregates) {
            String minute = a.at("/@timestamp").asText();
            switch (a.at("/nsgflow/aggregate/kind").asText()) {
                case "rule" -> byRule.put(minute + " " + a.at("/rule/ruleset").asText() + " " + a.at("/rule/name").asText(),
                        measures(a));
                case "east_west" -> eastWest.put(minute + " " + a.at("/source/subnet").asText().replaceAll(".*/", "")
                        + "->" + a.at("/destination/subnet").asText().replaceAll(".*/", "") + ":"
                        + a.at("/destination/port").asInt() + " " + a.at("/network/transport").asText() + " "
                        + a.at("/event/type/1").asText(), measures(a));
                case "north_south" -> northSouth.put(minute + " " + a.at("/nsgflow/aggregate/peer").asText() + " "
                        + a.at("/network/direction").asText() + " " + a.at("/destination/port").asInt() + " "
                        + a.at("/network/transport").asText() + " " + a.at("/event/type/1").asText(), measures(a));
                default -> throw new AssertionError("unknown kind in " + a);
            }
        }
        String d = "2026-11-20T";
        assertThat(byRule).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(d + "11:00:00Z nsg-db UserRule_AllowSqlFromWeb", m(1, 1, 1, 0, 0, 0)),
                Map.entry(d + "11:05:00Z nsg-db UserRule_AllowSqlFromWeb", m(1, 0, 0, 0, 10_000, 22)),
                Map.entry(d + "12:30:00Z nsg-db UserRule_AllowSqlFromWeb", m(1, 1, 1, 0, 0, 0)),
                Map.entry(d + "12:31:00Z nsg-db UserRule_AllowSqlFromWeb", m(1, 0, 0, 0, 500, 5)),
                Map.entry(d + "11:05:00Z nsg-db UserRule_DenyVnetIn", m(1, 1, 0, 1, 0, 0)),
                Map.entry(d + "11:06:00Z nsg-db UserRule_DenyVnetIn", m(1, 1, 0, 1, 0, 0)),
                Map.entry(d + "11:10:00Z nsg-db UserRule_TempAllowAll", m(1, 1, 1, 0, 0, 0)),
                Map.entry(d + "11:15:00Z nsg-db DefaultRule_AllowVnetInBound", m(1, 1, 1, 0, 0, 0)),
                Map.entry(d + "11:30:00Z nsg-db DenyVnetIn", m(1, 1, 0, 1, 0, 0)),
                Map.entry(d + "11:20:00Z nsg-web1 UserRule_AllowHttps", m(1, 1, 1, 0, 0, 0)),
                Map.entry(d + "09:00:00Z NSG-WEB1 UserRule_AllowHttps", m(1, 1, 1, 0, 0, 0)),
                Map.entry(d + "11:21:00Z nsg-web1 UserRule_AllowSshTemp", m(1, 1, 1, 0, 0, 0))));
        assertThat(eastWest).containsExactlyInAnyOrderEntriesOf(Map.of(
                d + "11:00:00Z web->db:1433 tcp allowed", m(1, 1, 1, 0, 0, 0),
                d + "11:05:00Z web->db:1433 tcp allowed", m(1, 0, 0, 0, 10_000, 22),
                d + "12:30:00Z web->db:1433 tcp allowed", m(1, 1, 1, 0, 0, 0),
                d + "12:31:00Z web->db:1433 tcp allowed", m(1, 0, 0, 0, 500, 5),
                d + "11:10:00Z web->db:1433 tcp allowed", m(1, 1, 1, 0, 0, 0),
                d + "11:15:00Z web->db:1433 tcp allowed", m(1, 1, 1, 0, 0, 0),
                d + "11:30:00Z web->db:1433 tcp denied", m(1, 1, 0, 1, 0, 0)));
        assertThat(northSouth).containsExactlyInAnyOrderEntriesOf(Map.of(
                d + "11:05:00Z 10.1.1.5 inbound 1433 tcp denied", m(1, 1, 0, 1, 0, 0),
                d + "11:06:00Z 10.1.3.9 inbound 1433 tcp denied", m(1, 1, 0, 1, 0, 0),
                d + "11:20:00Z 203.0.113.5 inbound 443 tcp allowed", m(1, 1, 1, 0, 0, 0),
                d + "09:00:00Z 203.0.113.6 inbound 443 tcp allowed", m(1, 1, 1, 0, 0, 0),
                d + "11:21:00Z 198.51.100.7 inbound 22 tcp allowed", m(1, 1, 1, 0, 0, 0)));
    }

    /**
     * A VNet flow log as Azure writes it in 2026 (replay-vnet-2026/): aclIDs are nsg-db's ARM id in
     * upper case, in the policy's case and in lower case; one ACL flow is the platform's (rule
     * PlatformRule, aclID all zeros: DNS to 168.63.129.16, IMDS). Against policy v1 every NSG line is
     * what the policy predicts (derived by hand: AllowSqlFromWeb for web -> db:1433, DenyVnetIn for
     * 10.1.3.9 -> 1433, 10.1.1.5 -> 3389, ICMP and GRE from web, AllowInternetOutBound for db -> 8.8.8.8:443),
     * so there is no drift; the platform's connection starts are not judged and counted as platform traffic.
     */
    @Test
    void aVnetFlowLogWithResourceIdAclIdsAndPlatformRulesAgainstItsPolicyHasNoDrift() throws Exception {
        Path out = tmp.resolve("out-2026");
        String summary = replayWithoutDrift("/drift/policy-v1.json", "/replay-vnet-2026", out);
        List<JsonNode> unjudged = lines(out.resolve("unjudged.jsonl"));
        assertThat(unjudged).hasSize(2).allSatisfy(u -> {
            assertThat(u.at("/reason").asText()).contains("PlatformRule");
            assertThat(u.at("/flow/dstIp").asText()).isIn("168.63.129.16", "169.254.169.254");
        });
        List<JsonNode> platform = lines(out.resolve("aggregates.jsonl")).stream()
                .filter(a -> a.at("/nsgflow/aggregate/platform").asBoolean())
                .toList();
        // 11:40: DNS B, DNS E (1+1 packets, 74+90 bytes), IMDS B
        assertThat(platform).singleElement().satisfies(a -> {
            assertThat(a.at("/rule/name").asText()).isEqualTo("PlatformRule");
            assertThat(measures(a)).isEqualTo(m(3, 2, 2, 0, 164, 2));
        });
        assertThat(summary).contains("flows read     10").contains("judged         6")
                .contains("not judged     2").contains("rejected       0");
        assertThat(summary).contains("    2        decided by the Azure platform (PlatformRule), not by an NSG")
                .contains("continuations  2 continuing or end tuples");
    }

    /**
     * A VNet flow log of a VNet under AVNM security admin rules (replay-avnm/), as Microsoft's "Monitoring
     * security admin rules with virtual network flow logs" shows them: the admin configuration as aclID
     * (by resourceGuid, and by resource id) with the admin rule's name, beside NSG lines. Against
     * snapshot-avnm-arm.json (derived by hand: BlockHighRiskTCPPortsFromInternet denies 22 and 119 from
     * the Internet, AlwaysAllowMonitoring allows 9100 from 10.255.0.0/24 although the NSG denies it,
     * AllowHttps leaves 443 and 8443 to nsg-prod, which allows 443 and denies 8443, DenyDnsToInternet
     * of the second configuration denies DNS to 8.8.8.8) no line is drift.
     */
    @Test
    void aVnetFlowLogWithAdminRuleLinesAgainstItsAvnmPolicyHasNoDrift() throws Exception {
        Path out = tmp.resolve("out-avnm");
        String summary = replayWithoutDrift("/policy/snapshot-avnm-arm.json", "/replay-avnm", out);
        assertThat(lines(out.resolve("unjudged.jsonl"))).singleElement()
                .satisfies(u -> assertThat(u.at("/reason").asText()).contains("PlatformRule"));
        assertThat(summary).contains("flows read     9").contains("judged         6").contains("not judged     1");
    }

    @Test
    void webhooksJsonlHoldsTheThrottledDeliveriesPerUrlAndFormatTheSameEveryRun() throws Exception {
        List<List<JsonNode>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path out = tmp.resolve("webhooks-" + run);
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int code = Main.run(new String[] {
                    "replay",
                    "--snapshot", resource("/drift/policy-v1.json").toString(),
                    "--snapshot", resource("/drift/nsg-db-v2.json").toString(),
                    "--flows", resource("/replay").toString(),
                    "--out", out.toString(),
                    "--alert.throttle.interval", "1 h",
                    "--webhook.url", "https://hooks.slack.com/services/T0/B0/XXXXsecretTOKEN;https://receiver.example/alerts",
                    "--webhook.format", "slack;json"},
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(stderr, true));
            assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(Files.readString(out.resolve("webhooks.jsonl"))).doesNotContain("secretTOKEN");
            runs.add(lines(out.resolve("webhooks.jsonl")));
        }
        List<JsonNode> webhooks = runs.get(0);
        assertThat(new java.util.HashSet<>(runs.get(1))).isEqualTo(new java.util.HashSet<>(webhooks));

        // by hand, 1 h intervals: 4 keys deliver their first alert at once; unexpected_deny at db1 folds its
        // 11:30 alert into [11:05, 12:05) and sends a summary of 1 as delivery 2; each goes to both URLs
        assertThat(webhooks).hasSize(10);
        assertThat(webhooks).filteredOn(w -> w.get("url").asInt() == 1).hasSize(5).allSatisfy(w -> {
            assertThat(w.get("endpoint").asText()).isEqualTo("https://hooks.slack.com:443");
            assertThat(w.get("format").asText()).isEqualTo("slack");
            assertThat(w.at("/payload/blocks").isArray()).isTrue();
        });
        assertThat(webhooks).filteredOn(w -> w.get("url").asInt() == 2).hasSize(5).allSatisfy(w -> {
            assertThat(w.get("endpoint").asText()).isEqualTo("https://receiver.example:443");
            assertThat(w.get("format").asText()).isEqualTo("json");
        });
        assertThat(webhooks).filteredOn(w -> w.get("summary").asBoolean()).hasSize(2).allSatisfy(w -> {
            assertThat(w.get("delivery").asInt()).isEqualTo(2);
            assertThat(w.get("idempotencyKey").asText()).endsWith(":2");
            assertThat(w.get("@timestamp").asText()).isEqualTo("2026-11-20T11:30:00Z");
        });
        JsonNode summary = webhooks.stream().filter(w -> w.get("summary").asBoolean() && w.get("url").asInt() == 2)
                .findFirst().orElseThrow().get("payload");
        assertThat(summary.at("/nsgflow/alert/type").asText()).isEqualTo("drift.unexpected_deny");
        assertThat(summary.at("/nsgflow/alert/count").asLong()).isEqualTo(1);
        assertThat(summary.at("/nsgflow/alert/first_seen").asText()).isEqualTo("2026-11-20T11:30:00Z");
    }

    @Test
    void aSnapshotThatCannotBeUsedIsAUsageErrorNamingTheFile() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"effectiveFrom\":\"2026-11-20T10:00:00Z\",\"networkSecurityGroups\":[{\"name\":\"n\"}]}");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"replay", "--snapshot", bad.toString(), "--flows", tmp.toString(), "--out",
                        tmp.resolve("o").toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), new PrintStream(stderr, true));
        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("bad.json").contains("networkSecurityGroup");
    }

    /** drift/policy-v1.json without its effectiveFrom. */
    private Path policyV1WithoutEffectiveFrom(String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                Files.readString(resource("/drift/policy-v1.json")))).without("effectiveFrom").toString());
        return file;
    }

    /**
     * Without effectiveFrom, v1 is in force from the start, as verify takes it: the 09:00 tuple of
     * nsg-web1.json (Internet->web1:443 allowed by AllowHttps), not judged when v1 starts at 10:00,
     * is now judged and consistent; without v2 the 12:30 web->db start is consistent too. So the
     * findings are those of the first test less the 12:30 unexpected_allow, and nothing is unjudged.
     */
    @Test
    void aSnapshotFileWithoutEffectiveFromIsInForceFromTheStart() throws Exception {
        Path out = tmp.resolve("out");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"replay", "--snapshot", policyV1WithoutEffectiveFrom("v1.json").toString(),
                        "--flows", resource("/replay").toString(), "--out", out.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(stderr, true));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("v1.json: snapshot 'v1' in force from the start (no effectiveFrom)");
        Map<String, Long> byType = lines(out.resolve("drift.jsonl")).stream()
                .collect(Collectors.groupingBy(d -> d.at("/nsgflow/drift/type").asText(), Collectors.counting()));
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of(
                "unexpected_allow", 1L, "unexpected_deny", 2L, "unknown_rule", 1L, "rule_mismatch", 1L));
        assertThat(lines(out.resolve("unjudged.jsonl"))).isEmpty();
    }

    @Test
    void twoSnapshotFilesWithoutEffectiveFromAreAUsageErrorNamingBoth() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"replay", "--snapshot", policyV1WithoutEffectiveFrom("a.json").toString(),
                        "--snapshot", policyV1WithoutEffectiveFrom("b.json").toString(),
                        "--flows", resource("/replay").toString(), "--out", tmp.resolve("o").toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(stderr, true));
        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("b.json").contains("a.json").contains("effectiveFrom");
    }
}
