package io.nsgflow.cli;

import io.nsgflow.alert.delivery.AlertOptions;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.ReevaluationOptions;
import io.nsgflow.flowlog.FlowLogDecodeFunction;
import io.nsgflow.flowlog.FlowLogFiles;
import io.nsgflow.flowlog.FlowLogOptions;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import io.nsgflow.replay.FlowCounts;
import io.nsgflow.replay.ReplayJob;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code nsgflow replay}: the pipeline of {@code stream}, bounded, over flow-log files and policy
 * snapshot files, writing JSON lines to a folder.
 */
final class ReplayCommand extends OptionCommand {

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

    /** How often progress is printed. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

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
        return List.of("Writes into DIR: " + String.join(", ", ReplayJob.FILES) + " (webhooks.jsonl: what stream would"
                + " deliver; nothing is sent). Progress on stderr every few seconds, a summary on stdout.");
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
        long files = FlowLogFiles.list(flowPaths).size();

        conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has its own serializer: never Kryo
        // a local run's accumulators reach the job's client with each heartbeat: often enough for progress
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, PROGRESS_EVERY);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ReplayJob.build(env, conf, flowPaths, snapshots, dir);
        err.printf(Locale.ROOT, "replay: %d policy version(s), %d flow-log file(s) in %d path(s), writing to %s%n",
                snapshots.size(), files, flowPaths.size(), dir.toAbsolutePath());
        for (int i = 0; i < snapshots.size(); i++) {
            err.println("  " + snapshotFiles.get(i) + ": " + describe(snapshots.get(i)));
        }
        long submitting = System.nanoTime();
        err.println("replay: starting the job (with java -jar, a local Flink runtime in this JVM) ...");
        JobClient job = env.executeAsync("nsgflow replay");
        long started = System.nanoTime();
        err.printf(Locale.ROOT, "replay: job %s running after %.1f s%n", job.getJobID(), (started - submitting) / 1e9);
        JobExecutionResult result = null;
        while (result == null) {
            try {
                result = job.getJobExecutionResult().get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Map<String, Object> sofar;
                try {
                    sofar = job.getAccumulators().get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException notYet) {
                    sofar = Map.of();
                }
                err.println(progress(sofar, files, (System.nanoTime() - started) / 1e9));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.println(progress(result.getAllAccumulatorResults(), files, seconds));
        summary(out, dir, result, seconds);
        return 0;
    }

    /** One line of progress: files and tuples read, tuples/s, what was found so far. */
    static String progress(Map<String, Object> accumulators, long files, double seconds) {
        long filesRead = count(accumulators, FlowLogDecodeFunction.PAYLOADS_ACCUMULATOR);
        long tuples = count(accumulators, FlowLogDecodeFunction.TUPLES_ACCUMULATOR);
        return String.format(Locale.ROOT, "replay: %,d/%,d files, %,d tuples read (%,.0f tuples/s); so far %,d drift"
                        + " findings, %,d alerts, %,d rejected (%.0f s)",
                filesRead, files, tuples, seconds > 0 ? tuples / seconds : 0.0,
                count(accumulators, ReplayJob.linesAccumulator(ReplayJob.DRIFT)),
                count(accumulators, ReplayJob.linesAccumulator(ReplayJob.ALERTS)),
                count(accumulators, ReplayJob.linesAccumulator(ReplayJob.REJECTED)), seconds);
    }

    private static long count(Map<String, Object> accumulators, String name) {
        return accumulators.get(name) instanceof Number n ? n.longValue() : 0;
    }

    /** The summary, from the job's accumulators. */
    static void summary(PrintStream out, Path dir, JobExecutionResult result, double seconds) {
        Map<String, Object> acc = result.getAllAccumulatorResults();
        FlowCounts counts = acc.get(FlowCounts.NAME) instanceof FlowCounts c ? c : new FlowCounts();
        out.printf(Locale.ROOT, "replay finished in %.1f s: %s%n", seconds, dir.toAbsolutePath());
        out.printf("  files read     %d%n", count(acc, FlowLogDecodeFunction.PAYLOADS_ACCUMULATOR));
        out.printf("  flows read     %d%n", counts.flows());
        out.printf("  judged         %d%n", counts.judged());
        out.printf("  not judged     %d (%s): connection starts the policy could not judge%n", counts.notJudged(),
                ReplayJob.UNJUDGED);
        counts.notJudgedByKind().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(k -> out.printf("    %-8d %s%n", k.getValue(), k.getKey()));
        out.printf("  continuations  %d continuing or end tuples: not judged by design, they belong to a connection"
                + " judged when it began%n", counts.notStarts());
        out.printf("  drift          %d (%s)%n", count(acc, ReplayJob.linesAccumulator(ReplayJob.DRIFT)), ReplayJob.DRIFT);
        for (DriftType t : DriftType.values()) {
            out.printf("    %-18s %d%n", DriftDocument.typeName(t), counts.drift(t));
        }
        out.printf("  alerts         %d (%s)%n", count(acc, ReplayJob.linesAccumulator(ReplayJob.ALERTS)), ReplayJob.ALERTS);
        out.printf("  aggregates     %d (%s)%n", count(acc, ReplayJob.linesAccumulator(ReplayJob.AGGREGATES)),
                ReplayJob.AGGREGATES);
        out.printf("  webhooks       %d (%s)%n", count(acc, ReplayJob.linesAccumulator(ReplayJob.WEBHOOKS)),
                ReplayJob.WEBHOOKS);
        out.printf("  rejected       %d (%s)%n", count(acc, ReplayJob.linesAccumulator(ReplayJob.REJECTED)),
                ReplayJob.REJECTED);
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
