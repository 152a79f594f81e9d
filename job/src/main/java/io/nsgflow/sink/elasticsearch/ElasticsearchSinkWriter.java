package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends buffered documents as bulk requests and judges every item of the response (see
 * {@link BulkTriage}): retryable ones go back into the buffer after a backoff, refused ones go
 * back as dead-letter documents for the dead-letter index, fatal ones fail the job. While a
 * request waits for its backoff it stays in flight, so the buffer fills and the job is
 * back-pressured instead of hammering an overloaded cluster.
 */
final class ElasticsearchSinkWriter extends AsyncSinkWriter<ElasticsearchDocument, BulkItem> {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);

    private final ElasticsearchConnection connection;
    private final IndexNames names;
    private final RetryPolicy retryPolicy;
    private final ElasticsearchTransport transport;
    private final ElasticsearchAsyncClient client;
    private final ScheduledExecutorService backoffTimer;
    private final SinkMetrics metrics;
    /** Whole requests failed in a row (connection errors, 5xx): sets their backoff. */
    private final AtomicInteger requestFailuresInARow = new AtomicInteger();

    ElasticsearchSinkWriter(ElementConverter<ElasticsearchDocument, BulkItem> converter, WriterInitContext context,
            AsyncSinkWriterConfiguration configuration, Collection<BufferedRequestState<BulkItem>> state,
            ElasticsearchConnection connection, IndexNames names, RetryPolicy retryPolicy, List<IndexTemplate> templates) {
        super(converter, context, configuration, state);
        this.connection = connection;
        this.names = names;
        this.retryPolicy = retryPolicy;
        this.metrics = new SinkMetrics(context.metricGroup().addGroup("elasticsearch"));
        this.transport = ElasticsearchClients.transport(connection);
        this.client = ElasticsearchClients.async(transport);
        this.backoffTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "elasticsearch-sink-backoff");
            t.setDaemon(true);
            return t;
        });
        if (templates != null) {
            TemplateInstaller.install(transport, connection, names, templates, retryPolicy);
        }
    }

    @Override
    protected void submitRequestEntries(List<BulkItem> items, ResultHandler<BulkItem> handler) {
        List<BulkOperation> operations = new ArrayList<>(items.size());
        for (BulkItem item : items) {
            BinaryData source = BinaryData.of(item.json().getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
            operations.add(BulkOperation.of(op -> op.index(i -> {
                i.index(item.index()).id(item.id()).document(source);
                if (item.versioned()) {
                    i.version(item.version()).versionType(VersionType.ExternalGte);
                }
                return i;
            })));
        }
        long started = System.nanoTime();
        client.bulk(BulkRequest.of(b -> b.operations(operations))).whenComplete((response, failure) -> {
            metrics.bulkLatency((System.nanoTime() - started) / 1_000_000);
            try {
                if (failure != null) {
                    onRequestFailure(items, failure, handler);
                } else {
                    onResponse(items, response, handler);
                }
            } catch (RuntimeException e) {
                handler.completeExceptionally(new ElasticsearchSinkException(
                        "cannot process the bulk response of " + connection.describeHosts(), e));
            }
        });
    }

    private void onResponse(List<BulkItem> items, BulkResponse response, ResultHandler<BulkItem> handler) {
        requestFailuresInARow.set(0);
        List<ItemResult> results = new ArrayList<>(response.items().size());
        for (BulkResponseItem item : response.items()) {
            results.add(item.error() == null ? ItemResult.ok(item.status())
                    : new ItemResult(item.status(), item.error().type(), item.error().reason()));
        }
        BulkTriage triage = BulkTriage.of(items, results, retryPolicy, names, System.currentTimeMillis());
        if (triage.fatal != null) {
            handler.completeExceptionally(new ElasticsearchSinkException(triage.fatal));
            return;
        }
        metrics.indexed(items, results, names);
        metrics.retried(triage.retry.size());
        metrics.superseded(triage.superseded);
        metrics.deadLettered(triage.deadLetters.size());
        for (BulkItem deadLetter : triage.deadLetters) {
            LOG.warn("document refused by Elasticsearch, written to dead-letter index {} as {}", deadLetter.index(),
                    deadLetter.id());
        }
        for (String lost : triage.lost) {
            metrics.deadLetterLost();
            LOG.error("dead-letter document refused by Elasticsearch, dropped: {}", lost);
        }
        List<BulkItem> requeue = new ArrayList<>(triage.retry);
        requeue.addAll(triage.deadLetters);
        if (requeue.isEmpty()) {
            handler.complete();
        } else if (triage.retry.isEmpty()) {
            handler.retryForEntries(requeue);
        } else {
            long backoff = retryPolicy.backoffMillis(triage.maxRetryAttempt());
            LOG.info("{} of {} documents refused with a retryable status, retrying in {} ms", triage.retry.size(),
                    items.size(), backoff);
            later(backoff, () -> handler.retryForEntries(requeue));
        }
    }

    private void onRequestFailure(List<BulkItem> items, Throwable failure, ResultHandler<BulkItem> handler) {
        int status = Failures.status(failure);
        FailureKind kind = FailureClassifier.request(failure, status);
        if (kind != FailureKind.RETRYABLE) {
            handler.completeExceptionally(new ElasticsearchSinkException(
                    FailureClassifier.fatalMessage(failure, status, connection.describeHosts())));
            return;
        }
        int failures = requestFailuresInARow.incrementAndGet();
        long backoff = retryPolicy.backoffMillis(failures);
        metrics.retried(items.size());
        LOG.warn("bulk request of {} documents to {} failed ({}), attempt {} in a row; retrying in {} ms",
                items.size(), connection.describeHosts(), status > 0 ? "HTTP " + status : Failures.describe(failure),
                failures, backoff);
        later(backoff, () -> handler.retryForEntries(items));
    }

    private void later(long delayMillis, Runnable action) {
        try {
            backoffTimer.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            action.run();
        }
    }

    @Override
    protected long getSizeInBytes(BulkItem item) {
        return item.sizeInBytes();
    }

    @Override
    public void close() {
        super.close();
        backoffTimer.shutdownNow();
        try {
            transport.close();
        } catch (java.io.IOException e) {
            LOG.warn("closing the Elasticsearch client failed: {}", Failures.describe(e));
        }
    }
}
