package io.nsgflow.ingest.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.core.http.rest.Response;
import io.nsgflow.ingest.FlowLogRecordKey;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.kafka.KafkaProducers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves flow-log records from block blobs to the flow-log topic, each exactly once: every poll
 * lists the container under the prefix, and for each blob whose ETag changed reads the committed
 * block list, downloads only the blocks after its published position (one ranged GET, conditional
 * on the ETag the block list was read at), and publishes their records with the blob's new
 * position in one Kafka transaction. Records are keyed by their NIC ({@link FlowLogRecordKey}), so
 * one NIC's records keep their order, also across its hourly blobs.
 */
public final class BlobIngester implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobIngester.class);

    private final BlobContainerClient container;
    private final String prefix;
    private final String flowLogTopic;
    private final String positionsTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, BlobPosition> positions;
    private final Map<String, String> seenEtags = new HashMap<>();
    private final IngestCounts counts = new IngestCounts();

    private BlobIngester(BlobContainerClient container, String prefix, String flowLogTopic, String positionsTopic,
            KafkaProducer<String, byte[]> producer, Map<String, BlobPosition> positions) {
        this.container = container;
        this.prefix = prefix;
        this.flowLogTopic = flowLogTopic;
        this.positionsTopic = positionsTopic;
        this.producer = producer;
        this.positions = positions;
    }

    /**
     * Connects to Kafka (fencing an earlier reader with the same transactional id, whose open
     * transaction is aborted) and reads the committed positions.
     */
    public static BlobIngester open(Configuration conf, BlobContainerClient container) throws IOException, InterruptedException {
        Properties client = KafkaOptions.clientProperties(conf, System.getenv());
        client.put("bootstrap.servers", conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        String positionsTopic = conf.get(BlobIngestOptions.POSITIONS_TOPIC);
        BlobPositions.ensureTopic(client, positionsTopic);
        KafkaProducer<String, byte[]> producer =
                KafkaProducers.open(conf, System.getenv(), conf.get(BlobIngestOptions.TRANSACTIONAL_ID));
        try {
            producer.initTransactions();
            Map<String, BlobPosition> positions = BlobPositions.load(client, positionsTopic);
            LOG.info("{} blob positions read from {}", positions.size(), positionsTopic);
            return new BlobIngester(container, conf.get(BlobIngestOptions.PREFIX), conf.get(KafkaOptions.FLOWLOG_TOPIC),
                    positionsTopic, producer, positions);
        } catch (RuntimeException | IOException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** One pass over the container; returns the records published in it. */
    public long poll() {
        long published = 0;
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
            if (item.getProperties().getBlobType() != BlobType.BLOCK_BLOB || Boolean.TRUE.equals(item.isPrefix())) {
                continue;
            }
            String etag = item.getProperties().getETag();
            if (etag != null && etag.equals(seenEtags.get(item.getName()))) {
                continue;
            }
            published += ingest(item.getName());
        }
        return published;
    }

    private long ingest(String name) {
        BlockBlobClient blob = container.getBlobClient(name).getBlockBlobClient();
        Response<BlockList> listed = blob.listBlocksWithResponse(BlockListType.COMMITTED, null, null, Context.NONE);
        String etag = listed.getHeaders().getValue(com.azure.core.http.HttpHeaderName.ETAG);
        List<BlobBlock> committed = listed.getValue().getCommittedBlocks().stream()
                .map(b -> new BlobBlock(b.getName(), b.getSizeLong())).toList();
        BlobPosition position = positions.getOrDefault(name, BlobPosition.START);
        List<BlobBlock> fresh = FlowLogBlocks.newBlocks(committed, position);
        if (fresh == null) {
            LOG.warn("blob {} was rewritten (its blocks up to the published position changed): reading it from the start",
                    name);
            position = BlobPosition.START;
            fresh = committed;
        }
        if (fresh.isEmpty()) {
            seenEtags.put(name, etag);
            return 0;
        }
        long length = fresh.stream().mapToLong(BlobBlock::size).sum();
        ByteArrayOutputStream data = new ByteArrayOutputStream((int) length);
        try {
            blob.downloadStreamWithResponse(data, new BlobRange(position.bytes(), length), null,
                    new BlobRequestConditions().setIfMatch(etag), false, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412) {
                return 0; // a block was committed meanwhile: the next poll reads the new list
            }
            throw e;
        }
        FlowLogBlocks.Read read = FlowLogBlocks.read(fresh, data.toByteArray(), position);
        if (read.position().equals(position)) {
            seenEtags.put(name, etag);
            return 0;
        }
        producer.beginTransaction();
        try {
            for (byte[] record : read.records()) {
                producer.send(new ProducerRecord<>(flowLogTopic, FlowLogRecordKey.of(record, name), record));
            }
            producer.send(new ProducerRecord<>(positionsTopic, name, read.position().toJson()));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            abortQuietly();
            throw e;
        }
        positions.put(name, read.position());
        seenEtags.put(name, etag);
        counts.add(read.records().size(), read.position().bytes() - position.bytes());
        return read.records().size();
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.warn("cannot abort the Kafka transaction: {}", e.toString());
        }
    }

    public IngestCounts counts() {
        return counts;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
