package io.nsgflow.cli;

import io.nsgflow.ingest.publish.FilePublisher;
import io.nsgflow.ingest.publish.FlowLogFiles;
import io.nsgflow.ingest.publish.PolicyMessages;
import io.nsgflow.ingest.publish.PublishOptions;
import io.nsgflow.kafka.KafkaLoginCheck;
import io.nsgflow.kafka.KafkaOptions;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * {@code nsgflow publish}: one's own flow-log files and policy files to the job's topics, for a
 * first run on one's own data or a back-fill. Policy first (every file validated before anything is
 * sent), then the flow-log records, one per message, keyed by NIC.
 */
final class PublishCommand implements Command {

    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(2).toNanos();
    private static final Duration KAFKA_LOGIN_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String summary() {
        return "publish flow-log files (one record per message, keyed by NIC) and policy files to the job's topics";
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println("usage: nsgflow publish --kafka.bootstrap-servers HOST:PORT [--flows FILE_OR_FOLDER ...]"
                    + " [--policy FILE ...] [--policy.effective-from INSTANT] [options]");
            out.println();
            out.println("Policy files go first, in the order given, each validated as the job reads it; then the"
                    + " records of every flow-log file. A Kafka login comes from " + KafkaOptions.JAAS_CONFIG_ENV + ".");
            out.println();
            OptionsHelp.describe(PublishOptions.ALL).forEach(out::println);
            return 0;
        }
        Configuration conf;
        List<PolicyMessages.Message> policy;
        List<Path> flowFiles;
        try {
            conf = parse(args);
            PublishOptions.validate(conf);
            policy = PolicyMessages.read(PublishOptions.files(conf, PublishOptions.POLICY), PublishOptions.effectiveFrom(conf));
            flowFiles = FlowLogFiles.list(PublishOptions.files(conf, PublishOptions.FLOWS));
            KafkaLoginCheck.check(conf, System.getenv(), KAFKA_LOGIN_TIMEOUT);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        long started = System.nanoTime();
        FilePublisher.Counts c;
        try (FilePublisher publisher = FilePublisher.open(conf, System.getenv(), !flowFiles.isEmpty(), !policy.isEmpty())) {
            publisher.publishPolicy(policy);
            for (PolicyMessages.Message m : policy) {
                err.println("publish: " + m.file() + " -> " + conf.get(KafkaOptions.POLICY_TOPIC) + " ("
                        + m.update().getKind().name().toLowerCase(Locale.ROOT) + " '" + m.update().getVersion()
                        + "', effective " + java.time.Instant.ofEpochMilli(m.update().getEffectiveFrom()) + ")");
            }
            long[] lastProgress = {System.nanoTime()};
            int total = flowFiles.size();
            publisher.publishFlows(flowFiles, counts -> {
                long now = System.nanoTime();
                if (now - lastProgress[0] >= PROGRESS_EVERY_NANOS) {
                    lastProgress[0] = now;
                    double s = (now - started) / 1e9;
                    err.printf(Locale.ROOT, "publish: %d/%d files, %d records (%.1f MB), %.0f records/s%n", counts.files(),
                            total, counts.records(), counts.bytes() / 1e6, counts.records() / s);
                }
            });
            publisher.flush();
            c = publisher.counts();
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        } catch (IllegalStateException e) {
            err.println("nsgflow publish: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println("published to Kafka at " + conf.get(KafkaOptions.BOOTSTRAP_SERVERS) + ":");
        out.printf(Locale.ROOT, "  policy     %d message(s) to %s: %d snapshot(s), %d resource(s)%n", c.snapshots() + c.resources(),
                conf.get(KafkaOptions.POLICY_TOPIC), c.snapshots(), c.resources());
        out.printf(Locale.ROOT, "  flow logs  %d record(s) from %d file(s) to %s, %d NIC key(s), %.2f MB%n", c.records(),
                c.files(), conf.get(KafkaOptions.FLOWLOG_TOPIC), c.nics(), c.bytes() / 1e6);
        if (c.keyedByFile() > 0) {
            out.printf(Locale.ROOT, "             %d record(s) without a MAC keyed by their file%n", c.keyedByFile());
        }
        if (c.wholeDocuments() > 0) {
            out.printf(Locale.ROOT, "             %d file(s) were not a records list and went as they are"
                    + " (the job dead-letters what it cannot read)%n", c.wholeDocuments());
        }
        out.printf(Locale.ROOT, "  in %.1f s (%.0f records/s)%n", seconds, c.records() / Math.max(seconds, 1e-3));
        return 0;
    }

    /** {@code --flows} and {@code --policy} may be repeated; the other options once. */
    private static Configuration parse(String[] args) {
        List<String> flows = new ArrayList<>();
        List<String> policy = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean list = a.equals("--" + PublishOptions.FLOWS.key()) || a.equals("--" + PublishOptions.POLICY.key());
            if (!list) {
                rest.add(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            (a.equals("--" + PublishOptions.FLOWS.key()) ? flows : policy).add(args[++i]);
        }
        Configuration conf = CommandLineConfiguration.parse(rest.toArray(String[]::new), PublishOptions.ALL);
        if (!flows.isEmpty()) {
            conf.set(PublishOptions.FLOWS, flows);
        }
        if (!policy.isEmpty()) {
            conf.set(PublishOptions.POLICY, policy);
        }
        return conf;
    }

    private static int usageError(PrintStream err, String message) {
        err.println("nsgflow publish: " + message);
        err.println("Run 'nsgflow publish --help' for the options.");
        return EXIT_USAGE;
    }
}
