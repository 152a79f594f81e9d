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
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole replay pipeline over a generated run finds what the generator planted, and rejects what it broke. */
class SyntheticReplayTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private record Finding(String type, String time, String src, int srcPort, String dst, int dstPort) {}

    @Test
    void replayOfAGeneratedRunFindsExactlyThePlantedDrift() throws Exception {
        Instant start = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario s = EnterpriseScenario.generate(3, 12, start, start.plusSeconds(300));
        GroundTruth truth = SyntheticRun.write(tmp.resolve("run"), s, 3, new GeneratorOptions(10, 40, 2, 2, 2, 2, 3, 2));

        Path out = tmp.resolve("out");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {
                "replay",
                "--snapshot", tmp.resolve("run").resolve(SyntheticRun.SNAPSHOT_FILE).toString(),
                "--snapshot", tmp.resolve("run").resolve(SyntheticRun.CHANGE_FILE).toString(),
                "--flows", tmp.resolve("run").resolve(SyntheticRun.FLOW_LOG_DIR).toString(),
                "--out", out.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(stderr, true));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();

        List<Finding> found = new ArrayList<>();
        for (JsonNode d : lines(out.resolve("drift.jsonl"))) {
            found.add(new Finding(d.at("/nsgflow/drift/type").asText(), d.at("/@timestamp").asText(),
                    d.at("/source/ip").asText(), d.at("/source/port").asInt(), d.at("/destination/ip").asText(),
                    d.at("/destination/port").asInt()));
        }
        List<Finding> planted = truth.planted().stream()
                .map(p -> new Finding(GroundTruth.typeName(p.type()), Instant.ofEpochMilli(p.eventTime()).toString(), p.srcIp(),
                        p.srcPort(), p.dstIp(), p.dstPort()))
                .toList();
        assertThat(planted).hasSize(8);
        assertThat(found).containsExactlyInAnyOrderElementsOf(planted);
        assertThat(lines(out.resolve("rejected.jsonl"))).hasSize(truth.malformed().size());
        assertThat(lines(out.resolve("unjudged.jsonl"))).isEmpty();
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
