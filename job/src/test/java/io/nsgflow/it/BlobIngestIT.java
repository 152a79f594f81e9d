package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.nsgflow.ingest.blob.BlobIngestOptions;
import io.nsgflow.ingest.blob.BlobStorage;
import io.nsgflow.ingest.blob.NetworkWatcherBlobs;
import io.nsgflow.localstack.Azurite;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.junit.AzuriteExtension;
import io.nsgflow.localstack.junit.KafkaExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code nsgflow ingest-blobs} (the shaded jar, as its own process) against Azurite and Kafka:
 * blobs are written as Network Watcher writes them, a block a minute and a new blob each hour for
 * two NSGs, while the reader runs; the reader is killed (SIGKILL) while blobs are half written and
 * started again; every record then is on the flow-log topic exactly once, byte for byte as written.
 */
@ExtendWith({AzuriteExtension.class, KafkaExtension.class})
class BlobIngestIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void everyRecordReachesKafkaExactlyOnceAcrossAKillMidBlob(Azurite azurite, KafkaBroker kafka) throws Exception {
        String run = "blob-ingest-it-" + System.nanoTime();
        String topic = run + "-flowlogs";
        kafka.createTopics(1, List.of(topic));
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(NetworkWatcherBlobs.CONTAINER);
        NetworkWatcherBlobs writer = new NetworkWatcherBlobs(container, 5);
        Instant start = Instant.parse("2026-12-03T09:50:00Z").plusSeconds(3600L * 24 * (System.nanoTime() % 1000));
        // 2 NSGs, 75 minutes from 9:50: blobs of three hours, the middle one whole
        int minutes = 75;
        List<String> args = List.of("ingest-blobs", "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--flowlog.topic", topic, "--ingest.positions-topic", run + "-positions",
                "--ingest.transactional-id", run, "--azure.storage.container", NetworkWatcherBlobs.CONTAINER,
                "--azure.storage.prefix", "resourceId=/SUBSCRIPTIONS/", "--ingest.poll-interval", "100 ms");
        Path log = Path.of(System.getProperty("nsgflow.localstack.base-dir", "target/stack"), run + ".out");
        Files.createDirectories(log.getParent());

        Process reader = startReader(args, azurite, log);
        try {
            for (int m = 0; m < 30; m++) {
                appendMinute(writer, start, m);
            }
            awaitCount(kafka, topic, 40);
            // killed while it reads, with blocks of the current hours still to come
            reader.destroyForcibly().waitFor();
            for (int m = 30; m < 40; m++) {
                appendMinute(writer, start, m);
            }
            reader = startReader(args, azurite, log);
            for (int m = 40; m < minutes; m++) {
                appendMinute(writer, start, m);
            }
            List<String> written = writer.written();
            assertThat(written).hasSize(2 * minutes);
            List<String> published = awaitCount(kafka, topic, written.size());
            Thread.sleep(2000); // a moment more, so a repeated record would show
            published = readAll(kafka, topic);

            Map<String, Long> times = published.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            assertThat(times.values()).as("each record once").allMatch(n -> n == 1);
            assertThat(published).containsExactlyInAnyOrderElementsOf(written);
            assertThat(reader.isAlive()).isTrue();
        } finally {
            reader.destroy();
            reader.waitFor();
        }
    }

    /**
     * Each sign-in of {@code azure.storage.auth} against Azurite's real authorization: the
     * connection string, the account key and a container SAS list the container; a wrong key and
     * a SAS without the list permission are refused by the service (so the credential is used).
     */
    @Test
    void signsInWithAConnectionStringAnAccountKeyOrASas(Azurite azurite) {
        String name = "sign-in-" + System.nanoTime();
        BlobContainerClient admin = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(name);
        admin.create();
        admin.getBlobClient("resourceId=/x/PT1H.json").upload(BinaryData.fromString("{\"records\":[]}"));
        OffsetDateTime expiry = OffsetDateTime.now().plusHours(1);
        String listSas = admin.generateSas(new BlobServiceSasSignatureValues(expiry,
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        String readOnlySas = admin.generateSas(new BlobServiceSasSignatureValues(expiry,
                new BlobContainerSasPermission().setReadPermission(true)));

        assertThat(blobsSeen(azurite, name, "connection-string",
                Map.of(BlobIngestOptions.CONNECTION_STRING_ENV, azurite.connectionString()))).containsExactly("resourceId=/x/PT1H.json");
        assertThat(blobsSeen(azurite, name, "account-key", Map.of(BlobIngestOptions.ACCOUNT_KEY_ENV, Azurite.ACCOUNT_KEY)))
                .containsExactly("resourceId=/x/PT1H.json");
        assertThat(blobsSeen(azurite, name, "sas", Map.of(BlobIngestOptions.SAS_TOKEN_ENV, listSas)))
                .containsExactly("resourceId=/x/PT1H.json");

        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        assertThatThrownBy(() -> blobsSeen(azurite, name, "account-key", Map.of(BlobIngestOptions.ACCOUNT_KEY_ENV, wrongKey)))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> blobsSeen(azurite, name, "sas", Map.of(BlobIngestOptions.SAS_TOKEN_ENV, readOnlySas)))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
    }

    /** The blob names the reader's container client lists, signed in as {@code auth} with {@code env}. */
    private static List<String> blobsSeen(Azurite azurite, String container, String auth, Map<String, String> env) {
        Configuration conf = new Configuration();
        conf.set(BlobIngestOptions.AUTH, auth);
        conf.set(BlobIngestOptions.CONTAINER, container);
        if (!auth.equals("connection-string")) {
            conf.set(BlobIngestOptions.ENDPOINT, azurite.blobEndpoint());
        }
        return BlobStorage.container(conf, env).listBlobs().stream().map(b -> b.getName()).toList();
    }

    private static void appendMinute(NetworkWatcherBlobs writer, Instant start, int minute) throws InterruptedException {
        for (int nsg = 1; nsg <= 2; nsg++) {
            writer.append(nsg, start.plusSeconds(60L * minute));
        }
        Thread.sleep(100);
    }

    private static Process startReader(List<String> args, Azurite azurite, Path log) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
        return builder.start();
    }

    /** The topic's committed records, once there are at least {@code expected} (or after the timeout). */
    private static List<String> awaitCount(KafkaBroker kafka, String topic, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> records = List.of();
        while (System.nanoTime() < deadline) {
            records = readAll(kafka, topic);
            if (records.size() >= expected) {
                return records;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the flow-log topic holds " + records.size() + " records, expected " + expected);
    }

    /** Every committed record of the topic (read_committed: what the job's consumers see). */
    private static List<String> readAll(KafkaBroker kafka, String topic) {
        List<String> values = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
