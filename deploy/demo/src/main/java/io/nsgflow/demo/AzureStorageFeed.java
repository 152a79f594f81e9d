package io.nsgflow.demo;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.ingest.blob.BlobIngestOptions;
import io.nsgflow.ingest.blob.BlobIngester;
import io.nsgflow.ingest.blob.BlobStorage;
import io.nsgflow.ingest.blob.NetworkWatcherBlobs;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.localstack.Azurite;
import io.nsgflow.synthetic.FlowLogBlob;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The demo's flow logs the way they reach a real deployment: written to Azure Storage (Azurite) as
 * Network Watcher writes them, one block a minute appended to each hour's {@code PT1H.json}, NSG
 * flow logs and VNet flow logs in their own containers, and moved to the flow-log topic by the
 * blob reader of {@code nsgflow ingest-blobs} (one per container, signed in with the account key).
 *
 * <p>The reader runs in the demo's process and passes over the containers after every minute is
 * written, so the topic holds each minute before the next is written, as with the Kafka feed.
 */
final class AzureStorageFeed implements FlowLogFeed.Destination {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPEN = "{\"records\":[";
    private static final String CLOSE = "]}";

    private final NetworkWatcherBlobs nsgLogs;
    private final NetworkWatcherBlobs vnetLogs;
    private final List<BlobIngester> readers;

    private AzureStorageFeed(NetworkWatcherBlobs nsgLogs, NetworkWatcherBlobs vnetLogs, List<BlobIngester> readers) {
        this.nsgLogs = nsgLogs;
        this.vnetLogs = vnetLogs;
        this.readers = readers;
    }

    static AzureStorageFeed open(Azurite azurite, String bootstrapServers, String flowTopic)
            throws IOException, InterruptedException {
        Configuration nsg = readerOptions(azurite, bootstrapServers, flowTopic, NetworkWatcherBlobs.CONTAINER);
        Configuration vnet = readerOptions(azurite, bootstrapServers, flowTopic, NetworkWatcherBlobs.VNET_CONTAINER);
        BlobContainerClient nsgContainer = container(nsg);
        BlobContainerClient vnetContainer = container(vnet);
        BlobIngester nsgReader = BlobIngester.open(nsg, nsgContainer);
        try {
            return new AzureStorageFeed(new NetworkWatcherBlobs(nsgContainer, 0), new NetworkWatcherBlobs(vnetContainer, 0),
                    List.of(nsgReader, BlobIngester.open(vnet, vnetContainer)));
        } catch (IOException | RuntimeException e) {
            nsgReader.close();
            throw e;
        }
    }

    /** A blob reader's options for one container, as {@code nsgflow ingest-blobs} takes them. */
    private static Configuration readerOptions(Azurite azurite, String bootstrapServers, String flowTopic, String container) {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        conf.set(KafkaOptions.FLOWLOG_TOPIC, flowTopic);
        conf.set(BlobIngestOptions.ENDPOINT, azurite.blobEndpoint());
        conf.set(BlobIngestOptions.AUTH, "account-key");
        conf.set(BlobIngestOptions.CONTAINER, container);
        conf.set(BlobIngestOptions.POSITIONS_TOPIC, "nsgflow-demo-blob-positions-" + container);
        conf.set(BlobIngestOptions.TRANSACTIONAL_ID, "nsgflow-demo-ingest-" + container);
        BlobIngestOptions.validate(conf);
        return conf;
    }

    /** The container, signed in with Azurite's (public, well-known) account key as ingest-blobs would from its environment. */
    private static BlobContainerClient container(Configuration conf) {
        BlobContainerClient client = BlobStorage.container(conf, Map.of(BlobIngestOptions.ACCOUNT_KEY_ENV, Azurite.ACCOUNT_KEY));
        if (!client.exists()) {
            client.create();
        }
        return client;
    }

    @Override
    public void send(FlowLogBlob blob) {
        String json = blob.json();
        JsonNode record = onlyRecord(json);
        if (record == null) {
            // planted malformed input Network Watcher would not write: a block of its own blob, which the
            // reader passes on whole and the job dead-letters
            nsgLogs.append("malformed/" + blob.name(), json);
            return;
        }
        String text = json.substring(OPEN.length(), json.length() - CLOSE.length());
        Instant time = Instant.parse(record.path("time").asText());
        String mac = record.path("macAddress").asText();
        if (record.has("flowLogResourceID")) {
            vnetLogs.append(NetworkWatcherBlobs.vnetBlobName(record.get("flowLogResourceID").asText(), time, mac), text);
        } else {
            nsgLogs.append(NetworkWatcherBlobs.nsgBlobName(record.path("resourceId").asText(), time, mac), text);
        }
    }

    /** The one record of a generated document, or null when it is not a readable one-record document. */
    private static JsonNode onlyRecord(String json) {
        if (!json.startsWith(OPEN) || !json.endsWith(CLOSE)) {
            return null;
        }
        try {
            JsonNode records = JSON.readTree(json).path("records");
            return records.size() == 1 && records.get(0).has("time") && records.get(0).has("macAddress")
                    ? records.get(0) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One pass of each reader: every block written so far is published. */
    @Override
    public void flush() {
        readers.forEach(BlobIngester::poll);
    }

    /** Records the readers published. */
    long recordsPublished() {
        return readers.stream().mapToLong(r -> r.counts().records()).sum();
    }

    @Override
    public void close() {
        readers.forEach(BlobIngester::close);
    }
}
