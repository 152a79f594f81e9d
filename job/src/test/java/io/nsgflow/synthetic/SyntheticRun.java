package io.nsgflow.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a whole generated run into a folder, for the local-stack demo and for {@code replay}:
 * {@code policy-v1.json} (snapshot), {@code policy-v2-change.json} (one NSG message),
 * {@code flowlogs/<minute>-<nsg|vnet>-<name>-<mac>.json} (one Azure document each) and
 * {@code ground-truth.json}.
 */
public final class SyntheticRun {

    public static final String SNAPSHOT_FILE = "policy-v1.json";
    public static final String CHANGE_FILE = "policy-v2-change.json";
    public static final String FLOW_LOG_DIR = "flowlogs";
    public static final String GROUND_TRUTH_FILE = "ground-truth.json";

    private SyntheticRun() {}

    /** Generates the scenario's run starting at its v1From and writes it under dir (created if missing). */
    public static GroundTruth write(Path dir, EnterpriseScenario scenario, long seed, GeneratorOptions options)
            throws IOException {
        return write(dir, scenario, seed, scenario.v1From(), options);
    }

    public static final String ALLOW_LIST_FILE = "lateral-allow-list.jsonl";

    public static GroundTruth write(Path dir, EnterpriseScenario scenario, long seed, Instant start, GeneratorOptions options)
            throws IOException {
        return write(dir, scenario, seed, start, options, false);
    }

    /**
     * As {@link #write(Path, EnterpriseScenario, long, Instant, GeneratorOptions)}; with {@code lateral},
     * also the day of lateral movement of {@link LateralScenario} (the run should last 24 hours) and
     * its allow-list in {@value #ALLOW_LIST_FILE}.
     */
    public static GroundTruth write(Path dir, EnterpriseScenario scenario, long seed, Instant start, GeneratorOptions options,
            boolean lateral) throws IOException {
        Path logs = dir.resolve(FLOW_LOG_DIR);
        Files.createDirectories(logs);
        Files.writeString(dir.resolve(SNAPSHOT_FILE), scenario.snapshotV1Json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CHANGE_FILE), scenario.changeV2Json(), StandardCharsets.UTF_8);
        FlowLogGenerator g = new FlowLogGenerator(scenario, seed, start, options);
        if (lateral) {
            g.plant(new LateralScenario(scenario, start.toEpochMilli()));
            Files.writeString(dir.resolve(ALLOW_LIST_FILE), LateralScenario.allowListJsonl(), StandardCharsets.UTF_8);
        }
        for (int m = 0; m < g.minutes(); m++) {
            for (FlowLogBlob b : g.minute(m)) {
                Files.writeString(logs.resolve(b.name()), b.json(), StandardCharsets.UTF_8);
            }
        }
        GroundTruth truth = g.groundTruth();
        Files.writeString(dir.resolve(GROUND_TRUTH_FILE), truth.toJson(), StandardCharsets.UTF_8);
        return truth;
    }
}
