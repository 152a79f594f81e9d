package io.nsgflow.sink.elasticsearch;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.connector.base.sink.writer.strategy.AIMDScalingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.CongestionControlRateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes {@link ElasticsearchDocument}s to Elasticsearch with bulk requests, at least once (ids
 * are deterministic, so a resend overwrites). Batches by count, bytes and time; bounded requests
 * in flight and documents buffered; retries 429/5xx and connection failures with exponential
 * backoff; puts documents Elasticsearch refuses for good into the dead-letter index; fails the
 * job on bad credentials, unknown hosts or untrusted certificates. Build with {@link #builder}
 * or {@link ElasticsearchOptions#sink}.
 */
public final class ElasticsearchSink extends AsyncSinkBase<ElasticsearchDocument, BulkItem> {

    private static final long serialVersionUID = 1L;
    private static final long REQUEST_TIMEOUT_MS = Duration.ofMinutes(10).toMillis();

    private final ElasticsearchConnection connection;
    private final IndexNames names;
    private final RetryPolicy retryPolicy;
    /** Installed at start (with the sink's own dead-letter template); null: install none. */
    private final List<IndexTemplate> templates;

    private ElasticsearchSink(Builder b) {
        super(new DocumentConverter(b.maxBatchSizeInBytes, new IndexNames(b.indexPrefix)), b.maxBatchSize,
                b.maxInFlightRequests, b.maxBufferedRequests, b.maxBatchSizeInBytes, b.maxTimeInBuffer.toMillis(),
                b.maxBatchSizeInBytes, REQUEST_TIMEOUT_MS, false);
        this.connection = b.connection;
        this.names = new IndexNames(b.indexPrefix);
        this.retryPolicy = b.retryPolicy;
        this.templates = b.installTemplates ? List.copyOf(b.templates) : null;
    }

    public static Builder builder(ElasticsearchConnection connection) {
        return new Builder(connection);
    }

    public IndexNames indexNames() {
        return names;
    }

    @Override
    public StatefulSinkWriter<ElasticsearchDocument, BufferedRequestState<BulkItem>> createWriter(
            WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<ElasticsearchDocument, BufferedRequestState<BulkItem>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<BulkItem>> recoveredState) {
        AsyncSinkWriterConfiguration configuration = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .setRateLimitingStrategy(rateLimiting())
                .build();
        return new ElasticsearchSinkWriter(getElementConverter(), context, configuration, recoveredState, connection,
                names, retryPolicy, templates);
    }

    /**
     * Flink's default starts with one batch in flight and grows slowly; start with all of them,
     * and still halve on refusals (429s and requeued items) so an overloaded cluster gets air.
     */
    private RateLimitingStrategy rateLimiting() {
        int messages = getMaxBatchSize() * getMaxInFlightRequests();
        return new CongestionControlRateLimitingStrategy.CongestionControlRateLimitingStrategyBuilder()
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setInitialMaxInFlightMessages(messages)
                .setScalingStrategy(AIMDScalingStrategy.builder(messages).setIncreaseRate(getMaxBatchSize()).build())
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<BulkItem>> getWriterStateSerializer() {
        return new BulkItemStateSerializer();
    }

    /** Settings of the sink; defaults as in {@link ElasticsearchOptions}. */
    public static final class Builder {
        private final ElasticsearchConnection connection;
        private String indexPrefix = IndexNames.DEFAULT_PREFIX;
        private boolean installTemplates = true;
        private List<IndexTemplate> templates = List.of();
        private int maxBatchSize = ElasticsearchOptions.BULK_MAX_ACTIONS.defaultValue();
        private long maxBatchSizeInBytes = ElasticsearchOptions.BULK_MAX_BYTES.defaultValue().getBytes();
        private Duration maxTimeInBuffer = ElasticsearchOptions.BULK_FLUSH_INTERVAL.defaultValue();
        private int maxInFlightRequests = ElasticsearchOptions.BULK_MAX_IN_FLIGHT.defaultValue();
        private int maxBufferedRequests = ElasticsearchOptions.BULK_MAX_BUFFERED.defaultValue();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();

        private Builder(ElasticsearchConnection connection) {
            this.connection = connection;
        }

        public Builder indexPrefix(String prefix) {
            this.indexPrefix = prefix;
            return this;
        }

        /** The index templates of the document kinds the caller writes, installed when the sink starts. */
        public Builder templates(List<IndexTemplate> templates) {
            this.templates = List.copyOf(templates);
            return this;
        }

        public Builder installTemplates(boolean install) {
            this.installTemplates = install;
            return this;
        }

        public Builder maxBatchSize(int documents) {
            this.maxBatchSize = documents;
            return this;
        }

        public Builder maxBatchSizeInBytes(long bytes) {
            this.maxBatchSizeInBytes = bytes;
            return this;
        }

        public Builder maxTimeInBuffer(Duration time) {
            this.maxTimeInBuffer = time;
            return this;
        }

        public Builder maxInFlightRequests(int requests) {
            this.maxInFlightRequests = requests;
            return this;
        }

        public Builder maxBufferedRequests(int documents) {
            this.maxBufferedRequests = documents;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public ElasticsearchSink build() {
            return new ElasticsearchSink(this);
        }
    }
}
