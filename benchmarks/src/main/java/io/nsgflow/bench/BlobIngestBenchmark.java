package io.nsgflow.bench;

import com.azure.storage.blob.BlobContainerClient;
import io.nsgflow.ingest.blob.BlobIngestOptions;
import io.nsgflow.ingest.blob.BlobIngester;
import io.nsgflow.ingest.blob.BlobStorage;
import io.nsgflow.ingest.blob.IngestCounts;
import io.nsgflow.ingest.blob.NetworkWatcherBlobs;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.localstack.Azurite;
import io.nsgflow.localstack.KafkaBroker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Throughput of the blob reader behind {@code ingest-blobs}: records per second and MB per second
 * from Azurite to Kafka (block lists, ranged downloads, one Kafka transaction per blob per pass),
 * on blobs written as Network Watcher writes them. Not JMH: it needs Azurite and a Kafka broker,
 * which it starts through the local stack. Each round reads a fresh set of blobs from the start.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.nsgflow.bench.BlobIngestBenchmark [blobs] [minutes] [tuples] [rounds]}
 */
public final class BlobIngestBenchmark {

    private BlobIngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int blobs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int tuples = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path base = Path.of("benchmarks/target/stack").toAbsolutePath();
        try (Azurite azurite = Azurite.start(base); KafkaBroker kafka = KafkaBroker.start(base)) {
            Map<String, String> env = Map.of(BlobIngestOptions.CONNECTION_STRING_ENV, azurite.connectionString());
            for (int round = 0; round < rounds; round++) {
                String run = "bench-" + round;
                Configuration conf = new Configuration();
                conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
                conf.set(KafkaOptions.FLOWLOG_TOPIC, run + "-flowlogs");
                conf.set(BlobIngestOptions.POSITIONS_TOPIC, run + "-positions");
                conf.set(BlobIngestOptions.TRANSACTIONAL_ID, run);
                conf.set(BlobIngestOptions.CONTAINER, NetworkWatcherBlobs.CONTAINER);
                conf.set(BlobIngestOptions.PREFIX, "resourceId=/SUBSCRIPTIONS/");
                kafka.createTopics(1, List.of(run + "-flowlogs"));
                BlobContainerClient container = BlobStorage.container(conf, env);
                container.deleteIfExists();
                NetworkWatcherBlobs writer = new NetworkWatcherBlobs(container, tuples);
                Instant hour = Instant.parse("2026-12-03T10:00:00Z");
                for (int m = 0; m < minutes; m++) {
                    for (int b = 1; b <= blobs; b++) {
                        writer.append(b, hour.plusSeconds(60L * m));
                    }
                }
                long started = System.nanoTime();
                IngestCounts counts;
                try (BlobIngester ingester = BlobIngester.open(conf, container)) {
                    while (ingester.poll() > 0) {
                        // until a pass finds nothing new
                    }
                    counts = ingester.counts();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "round %d: %d blobs x %d blocks (%d tuples a record): %d records,"
                        + " %.1f MB in %.2f s = %.0f records/s, %.2f MB/s%n", round, blobs, minutes, tuples,
                        counts.records(), counts.bytes() / 1e6, seconds, counts.records() / seconds,
                        counts.bytes() / 1e6 / seconds);
                if (counts.records() != (long) blobs * minutes) {
                    throw new IllegalStateException("published " + counts.records() + " records, wrote "
                            + (long) blobs * minutes);
                }
            }
        }
    }
}
