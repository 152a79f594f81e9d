package io.nsgflow.cli;

import io.nsgflow.ingest.blob.BlobIngestOptions;
import io.nsgflow.ingest.blob.BlobIngester;
import io.nsgflow.ingest.blob.BlobStorage;
import io.nsgflow.ingest.blob.IngestCounts;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import io.nsgflow.kafka.KafkaOptions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * {@code nsgflow ingest-blobs}: flow-log blobs from an Azure Storage container to the flow-log
 * topic, each record once. A process of its own rather than a source inside {@code stream}: it
 * needs no Flink runtime, scales and restarts apart from the job, and its only state (a position
 * per blob) lives in Kafka, written in the same transaction as the records.
 */
final class IngestBlobsCommand extends OptionCommand {

    @Override
    public String name() {
        return "ingest-blobs";
    }

    @Override
    public String summary() {
        return "publish flow-log records from Azure Storage blobs to the flow-log topic, each once";
    }

    @Override
    List<ConfigOption<?>> options() {
        return BlobIngestOptions.ALL;
    }

    @Override
    Set<String> required() {
        return Set.of(KafkaOptions.BOOTSTRAP_SERVERS.key());
    }

    @Override
    String usage() {
        return "--kafka.bootstrap-servers HOST:PORT [--azure.storage.endpoint URL] [options]";
    }

    @Override
    List<String> epilogue() {
        return List.of("Credentials from the environment only: " + BlobIngestOptions.CONNECTION_STRING_ENV + ", "
                + BlobIngestOptions.SAS_TOKEN_ENV + " or " + BlobIngestOptions.ACCOUNT_KEY_ENV
                + " (else DefaultAzureCredential); " + KafkaOptions.JAAS_CONFIG_ENV + " for a Kafka login.");
    }

    @Override
    int run(CommandLineConfiguration.CommandLine commandLine, InputStream in, PrintStream out, PrintStream err)
            throws Exception {
        Configuration config = commandLine.config();
        try {
            BlobIngestOptions.validate(config);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        var container = BlobStorage.container(config, System.getenv());
        Duration poll = config.get(BlobIngestOptions.POLL_INTERVAL);
        long started = System.nanoTime();
        try (BlobIngester ingester = BlobIngester.open(config, container)) {
            while (true) {
                long published = ingester.poll();
                if (published == 0 && config.get(BlobIngestOptions.EXIT_WHEN_IDLE)) {
                    break;
                }
                if (published == 0) {
                    Thread.sleep(poll.toMillis());
                }
            }
            IngestCounts c = ingester.counts();
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "published %d records (%.1f MB of blocks) in %.1f s: %.0f records/s, %.2f MB/s%n",
                    c.records(), c.bytes() / 1e6, seconds, c.records() / seconds, c.bytes() / 1e6 / seconds);
        }
        return 0;
    }
}
