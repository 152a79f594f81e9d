package io.nsgflow.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.policy.PolicyReader;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticRunTest {

    @Test
    void writesPolicyFilesFlowLogsAndTheGroundTruth(@TempDir Path dir) throws Exception {
        EnterpriseScenario s = EnterpriseScenario.generate(5, 12, EnterpriseScenario.DEFAULT_V1_FROM,
                EnterpriseScenario.DEFAULT_V1_FROM.plusSeconds(300));
        GeneratorOptions o = new GeneratorOptions(8, 30, 1, 1, 1, 1, 2, 1);
        GroundTruth truth = SyntheticRun.write(dir, s, 5, o);

        assertThat(PolicyReader.readSnapshot(dir.resolve(SyntheticRun.SNAPSHOT_FILE)).networkInterfaces()).hasSize(12);
        assertThat(PolicyUpdates.read(Files.readString(dir.resolve(SyntheticRun.CHANGE_FILE))).getVersion())
                .isEqualTo(EnterpriseScenario.V2_VERSION);

        List<Path> files;
        try (Stream<Path> l = Files.list(dir.resolve(SyntheticRun.FLOW_LOG_DIR))) {
            files = l.sorted().toList();
        }
        assertThat((long) files.size()).isEqualTo(truth.blobs());
        long decoded = 0;
        int rejected = 0;
        FlowLogDecoder decoder = new FlowLogDecoder();
        for (Path f : files) {
            var r = decoder.decode(Files.readAllBytes(f));
            decoded += r.flowRecords().size();
            rejected += r.rejections().size();
        }
        assertThat(decoded).isEqualTo(truth.tuples());
        assertThat(rejected).isEqualTo(2);

        JsonNode json = new ObjectMapper().readTree(dir.resolve(SyntheticRun.GROUND_TRUTH_FILE).toFile());
        assertThat(json.get("tuples").asLong()).isEqualTo(truth.tuples());
        assertThat(json.get("planted")).hasSize(4);
        assertThat(json.get("plantedPerType").get("unexpected_allow").asInt()).isEqualTo(1);
        assertThat(json.get("planted").get(0).get("srcIp").asText()).isEqualTo(truth.planted().get(0).srcIp());
        assertThat(json.get("malformed")).hasSize(2);
        assertThat(json.get("carried")).hasSize(1);
        assertThat(json.get("policyV2From").asText()).isEqualTo("2026-11-20T10:05:00Z");
    }
}
