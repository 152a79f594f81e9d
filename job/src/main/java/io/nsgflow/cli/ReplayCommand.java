package io.nsgflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.alert.delivery.AlertOptions;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.ReevaluationOptions;
import io.nsgflow.flowlog.FlowLogOptions;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import io.nsgflow.replay.FlowCounts;
import io.nsgflow.replay.ReplayJob;
import io.nsgflow.replay.ReplayLine;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code nsgflow replay}: the pipeline of {@code stream}, bounded, over flow-log files and policy
 * snapshot files, writing JSON lines to a folder.
 */
final class ReplayCommand extends OptionCommand {

    /** Output files, by line kind. */
    static final Map<String, String> FILES = Map.of(
            ReplayLine.DRIFT, "drift.jsonl",
            ReplayLine.ALERTS, "alerts.jsonl",
            ReplayLine.REJECTED, "rejected.jsonl",
            ReplayLine.UNJUDGED, "unjudged.jsonl",
            ReplayLine.AGGREGATES, "aggregates.jsonl",
            ReplayLine.WEBHOOKS, "webhooks.jsonl");

    static final ConfigOption<List<String>> SNAPSHOTS = ConfigOptions.key("snapshot")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Policy snapshot file: one policy version, a whole snapshot (in force from its"
                    + " effectiveFrom; without one, from the start) or a single resource that replaces that resource"
                    + " from its effectiveFrom on (required). Repeat it (or separate files by ';') for more versions.");

    static final ConfigOption<List<String>> FLOWS = ConfigOptions.key("flows")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Azure flow-log file, or folder read recursively (each file is one blob). Repeat it (or"
                    + " separate paths by ';') for more.");

    static final ConfigOption<String> OUT = ConfigOptions.key("out")
            .stringType()
            .noDefaultValue()
            .withDescription("Folder the JSON-lines files are written to (created when missing; files in it are"
                    + " replaced).");

    static final List<ConfigOption<?>> OPTIONS = withLateral(List.of(SNAPSHOTS, FLOWS, OUT,
            FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES,
            FlowLogOptions.DEAD_LETTER_MAX_EXCERPT_CHARS,
            ReevaluationOptions.POLICY_MAX_WAIT,
            ReevaluationOptions.POLICY_MAX_WAITING_PER_NIC,
            // what webhooks.jsonl holds: which alerts, throttled how, in which format per URL (nothing is sent)
            AlertOptions.MIN_SEVERITY, AlertOptions.THROTTLE_INTERVAL, AlertOptions.THROTTLE_MAX_EVIDENCE_VALUES,
            AlertOptions.FORMATS, WebhookOptions.URLS));

    private static List<ConfigOption<?>> withLateral(List<ConfigOption<?>> own) {
        List<ConfigOption<?>> all = new ArrayList<>(own);
        all.addAll(io.nsgflow.lateral.LateralOptions.ALL);
        return List.copyOf(all);
    }

    private static final long PROGRESS_EVERY_MILLIS = 2000;

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "replay flow-log files against policy snapshot files, writing JSON-lines results";
    }

    @Override
    List<ConfigOption<?>> options() {
        return OPTIONS;
    }

    @Override
    Set<String> required() {
        return Set.of(SNAPSHOTS.key(), FLOWS.key(), OUT.key());
    }

    @Override
    String usage() {
        return "--snapshot FILE [--snapshot FILE ...] --flows PATH [--flows PATH ...] --out DIR [options]";
    }

    @Override
    List<String> about() {
        return List.of("Writes DIR/drift.jsonl, DIR/alerts.jsonl, DIR/aggregates.jsonl, DIR/rejected.jsonl,"
                + " DIR/unjudged.jsonl and DIR/webhooks.jsonl (what stream would deliver; nothing is sent).");
    }

    @Override
    int run(CommandLineConfiguration.CommandLine commandLine, InputStream in, PrintStream out, PrintStream err)
            throws Exception {
        Configuration conf = commandLine.config();
        List<String> snapshotFiles = conf.get(SNAPSHOTS);
        List<String> flowPaths = conf.get(FLOWS);
        String outDir = conf.get(OUT);
        try {
            FlowLogOptions.validate(conf);
            ReevaluationOptions.validate(conf);
            io.nsgflow.lateral.LateralOptions.settings(conf);
            AlertOptions.validate(conf);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        List<PolicyUpdate> snapshots = new ArrayList<>();
        Map<String, String> fileByKey = new LinkedHashMap<>();
        for (String file : snapshotFiles) {
            try {
                PolicyUpdate u = PolicyUpdates.readFile(Files.readString(Path.of(file), StandardCharsets.UTF_8));
                String same = fileByKey.putIfAbsent(PolicyUpdates.key(u), file);
                if (same != null) {
                    return usageError(err, "option --snapshot " + file + ": the same version as --snapshot " + same
                            + " (" + describe(u) + "): give each its own effectiveFrom");
                }
                snapshots.add(u);
            } catch (IOException e) {
                return usageError(err, "option --snapshot " + file + ": cannot read: " + e.getMessage());
            } catch (PolicyValidationException e) {
                return usageError(err, "option --snapshot " + file + ": " + e.getMessage());
            }
        }
        for (String p : flowPaths) {
            if (!Files.exists(Path.of(p))) {
                return usageError(err, "option --flows " + p + ": no such file or folder");
            }
        }
        Path dir = Path.of(outDir);
        Files.createDirectories(dir);

        conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has its own serializer: never Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DataStream<ReplayLine> lines = ReplayJob.build(env, conf, flowPaths, snapshots);
        err.println("replay: " + snapshots.size() + " policy version(s), " + flowPaths.size() + " flow-log path(s)");
        for (int i = 0; i < snapshots.size(); i++) {
            err.println("  " + snapshotFiles.get(i) + ": " + describe(snapshots.get(i)));
        }
        CloseableIterator<ReplayLine> results = lines.executeAndCollect("nsgflow replay");

        FlowCounts counts = new FlowCounts();
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, BufferedWriter> writers = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                writers.put(f.getKey(), Files.newBufferedWriter(dir.resolve(f.getValue()), StandardCharsets.UTF_8));
                written.put(f.getKey(), 0L);
            }
            ObjectMapper json = new ObjectMapper();
            long lastProgress = System.currentTimeMillis();
            try (results) {
                while (results.hasNext()) {
                    ReplayLine line = results.next();
                    if (ReplayLine.COUNTS.equals(line.kind)) {
                        counts.add(json.readValue(line.json, FlowCounts.class));
                        continue;
                    }
                    BufferedWriter w = writers.get(line.kind);
                    w.write(line.json);
                    w.newLine();
                    written.merge(line.kind, 1L, Long::sum);
                    if (System.currentTimeMillis() - lastProgress >= PROGRESS_EVERY_MILLIS) {
                        lastProgress = System.currentTimeMillis();
                        err.println("replay: " + written.get(ReplayLine.DRIFT) + " drift findings, "
                                + written.get(ReplayLine.REJECTED) + " rejected so far");
                    }
                }
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }

        out.println("replay finished: " + dir.toAbsolutePath());
        out.printf("  flows read     %d%n", counts.flows);
        out.printf("  judged         %d%n", counts.judged);
        out.printf("  not judged     %d (unjudged.jsonl)%n", counts.notJudged);
        out.printf("  drift          %d (drift.jsonl)%n", written.get(ReplayLine.DRIFT));
        for (DriftType t : DriftType.values()) {
            out.printf("    %-18s %d%n", DriftDocument.typeName(t), counts.drift(t));
        }
        out.printf("  alerts         %d (alerts.jsonl)%n", written.get(ReplayLine.ALERTS));
        out.printf("  aggregates     %d (aggregates.jsonl)%n", written.get(ReplayLine.AGGREGATES));
        out.printf("  webhooks       %d (webhooks.jsonl)%n", written.get(ReplayLine.WEBHOOKS));
        out.printf("  rejected       %d (rejected.jsonl)%n", written.get(ReplayLine.REJECTED));
        return 0;
    }

    /** "snapshot 'v1' in force from 2026-11-20T10:00:00Z", or "... from the start (no effectiveFrom)". */
    private static String describe(PolicyUpdate u) {
        String what = (u.getKind() == io.nsgflow.policy.timeline.PolicyUpdateKind.SNAPSHOT ? "snapshot '" : "resource version '")
                + u.getVersion() + "'";
        return what + (u.getEffectiveFrom() == PolicyUpdates.SNAPSHOT_FILE_DEFAULT_FROM.toEpochMilli()
                ? " in force from the start (no effectiveFrom)"
                : " in force from " + java.time.Instant.ofEpochMilli(u.getEffectiveFrom()));
    }
}
