package io.nsgflow.synthetic;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nsgflow replay} (the real command and ReplayJob, BATCH mode, on a MiniCluster) over a
 * generated day with every kind of lateral movement planted among normal traffic and benign fan-out
 * (load-balancer probes, platform addresses, DNS fan-in, the nightly backup inside its baseline, the
 * allow-listed jump host): every planted attack is found with its type, entity and hosts (a chain's
 * hosts in order), and nothing else is raised. The expectations come from the generator's ground
 * truth, not from the detectors.
 */
class LateralReplayTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** One lateral alert as alerts.jsonl holds it. */
    private record Found(String id, String type, String entity, List<String> related, List<String> path, long count) {
        String describe() {
            return type + " " + entity + " " + (path.isEmpty() ? related : path) + " (count " + count + ")";
        }
    }

    @Test
    void replayOfAGeneratedDayFindsEveryPlantedAttackAndNothingElse() throws Exception {
        EnterpriseScenario s = EnterpriseScenario.generate(7);
        Path run = tmp.resolve("run");
        GroundTruth truth = SyntheticRun.write(run, s, 7, s.v1From(), new GeneratorOptions(24 * 60, 12, 1, 1, 1, 1, 0, 0), true);
        assertThat(truth.lateral()).extracting(PlantedLateral::type).containsExactlyInAnyOrder(
                "port_scan", "host_sweep", "admin_fanout", "pivot_chain", "new_edge", "denied_then_allowed");

        Path out = tmp.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {
                "replay",
                "--snapshot", run.resolve(SyntheticRun.SNAPSHOT_FILE).toString(),
                "--snapshot", run.resolve(SyntheticRun.CHANGE_FILE).toString(),
                "--flows", run.resolve(SyntheticRun.FLOW_LOG_DIR).toString(),
                "--out", out.toString(),
                "--lateral.baseline.learning-period", LateralScenario.WARM_UP.toMinutes() + " min",
                "--lateral.allow-list", run.resolve(SyntheticRun.ALLOW_LIST_FILE).toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(stdout, true), new PrintStream(stderr, true));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();

        List<Found> found = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            JsonNode a = JSON.readTree(line);
            String type = a.at("/nsgflow/alert/type").asText();
            if (!type.startsWith("lateral.")) {
                continue;
            }
            String id = a.at("/event/id").asText();
            // alerts.jsonl holds what Elasticsearch would: one document per id, its last version
            assertThat(ids.add(id)).as("alerts.jsonl holds %s once", id).isTrue();
            List<String> related = new ArrayList<>();
            a.at("/related/ip").forEach(ip -> related.add(ip.asText()));
            List<String> path = new ArrayList<>();
            JsonNode hops = a.at("/nsgflow/alert/path");
            for (int i = 0; i < hops.size(); i++) {
                if (i == 0) {
                    path.add(hops.get(i).get("source").asText());
                }
                path.add(hops.get(i).get("destination").asText());
            }
            found.add(new Found(id, type, a.at("/nsgflow/alert/entity").asText(), related, path,
                    a.at("/nsgflow/alert/count").asLong()));
        }

        List<PlantedLateral> missed = new ArrayList<>();
        Set<Found> matched = new LinkedHashSet<>();
        for (PlantedLateral p : truth.lateral()) {
            Found hit = null;
            for (Found f : found) {
                if (f.type().equals("lateral." + p.type()) && f.entity().equals(p.entity()) && sameHosts(p, f)) {
                    hit = f;
                }
            }
            if (hit == null) {
                missed.add(p);
            } else {
                matched.add(hit);
            }
        }
        // what the same activity rightly raises too (a new admin edge is a new edge), on the planted hosts
        Set<Found> alsoRight = new LinkedHashSet<>();
        for (Found f : found) {
            for (PlantedLateral p : truth.lateral()) {
                if (!matched.contains(f) && p.alsoRaises().contains(f.type().substring("lateral.".length()))
                        && p.path().contains(f.entity()) && p.path().containsAll(f.related())) {
                    alsoRight.add(f);
                }
            }
        }
        List<Found> falseAlerts = found.stream().filter(f -> !matched.contains(f) && !alsoRight.contains(f)).toList();

        System.out.printf("lateral replay over a generated day (%d tuples, %d blobs): planted %d, found %d, also raised"
                + " by the same activity %d, false %d, missed %d%n", truth.tuples(), truth.blobs(), truth.lateral().size(),
                matched.size(), alsoRight.size(), falseAlerts.size(), missed.size());
        matched.forEach(f -> System.out.println("  found  " + f.describe()));
        alsoRight.forEach(f -> System.out.println("  also   " + f.describe()));
        falseAlerts.forEach(f -> System.out.println("  FALSE  " + f.describe()));
        missed.forEach(p -> System.out.println("  MISSED " + p.type() + " " + p.entity() + " " + p.path() + " at "
                + Instant.ofEpochMilli(p.time())));

        assertThat(missed).as("planted attacks not found").isEmpty();
        assertThat(falseAlerts).as("alerts nothing planted explains").isEmpty();
        assertThat(matched).hasSize(truth.lateral().size());
    }

    /** A chain: its hosts in the planted order; otherwise the attacker and exactly its planted targets. */
    private static boolean sameHosts(PlantedLateral p, Found f) {
        if (p.type().equals("pivot_chain")) {
            return f.path().equals(p.path());
        }
        return new HashSet<>(f.related()).equals(new HashSet<>(p.path())) && f.related().size() == p.path().size();
    }
}
