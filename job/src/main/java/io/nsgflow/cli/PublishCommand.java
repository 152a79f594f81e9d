package io.nsgflow.cli;

import io.nsgflow.ingest.publish.FilePublisher;
import io.nsgflow.flowlog.FlowLogFiles;
import io.nsgflow.ingest.publish.PolicyMessages;
import io.nsgflow.ingest.publish.PublishOptions;
import io.nsgflow.kafka.KafkaLoginCheck;
import io.nsgflow.kafka.KafkaOptions;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * {@code nsgflow publish}: one's own flow-log files and policy files to the job's topics, for a
 * first run on one's own data or a back-fill. Policy first (every file validated before anything is
 * sent), then the flow-log records, one per message, keyed by NIC.
 */
final class PublishCommand extends OptionCommand {

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
    List<ConfigOption<?>> options() {
        return PublishOptions.ALL;
    }

    @Override
    Set<String> required() {
        return Set.of(KafkaOptions.BOOTSTRAP_SERVERS.key());
    }

    @Override
    String usage() {
        return "--kafka.bootstrap-servers HOST:PORT [--flows FILE_OR_FOLDER ...] [--policy FILE ...]"
                + " [--policy.effective-from INSTANT] [options]";
    }

    @Override
    List<String> about() {
        return List.of("Policy files go first, in the order given, each validated as the job reads it; then the"
                + " records of every flow-log file. A Kafka login comes from " + KafkaOptions.JAAS_CONFIG_ENV + ".");
    }

    @Override
    int run(CommandLineConfiguration.CommandLine commandLine, InputStream in, PrintStream out, PrintStream err)
            throws Exception {
        Configuration conf = commandLine.config();
        List<PolicyMessages.Message> policy;
        List<Path> flowFiles;
        try {
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
}
