package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Buffers documents and sends them in one bulk request when the buffer is full, when the flush
 * interval has passed (a processing-time timer, so a quiet topic does not hold documents back),
 * before a checkpoint, and at the end of input. Part of the issue-2 placeholder sink.
 */
final class PlaceholderElasticsearchWriter implements SinkWriter<String> {

    private final String index;
    private final int maxActions;
    private final long flushIntervalMillis;
    private final ProcessingTimeService timers;
    private final RestClient restClient;
    private final ElasticsearchClient client;
    private final List<Map<String, String>> buffer = new ArrayList<>();

    PlaceholderElasticsearchWriter(List<URI> hosts, String index, int maxActions, long flushIntervalMillis,
            ProcessingTimeService timers) {
        this.index = index;
        this.maxActions = maxActions;
        this.flushIntervalMillis = flushIntervalMillis;
        this.timers = timers;
        this.restClient = RestClient.builder(hosts.stream()
                        .map(uri -> new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()))
                        .toArray(HttpHost[]::new))
                .build();
        this.client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
        scheduleFlush();
    }

    @Override
    public void write(String record, Context context) throws IOException {
        buffer.add(Map.of("raw", record));
        if (buffer.size() >= maxActions) {
            sendBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        sendBuffer();
    }

    private void scheduleFlush() {
        timers.registerTimer(timers.getCurrentProcessingTime() + flushIntervalMillis, time -> {
            sendBuffer();
            scheduleFlush();
        });
    }

    private void sendBuffer() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (Map<String, String> document : buffer) {
            bulk.operations(op -> op.index(i -> i.index(index).document(document)));
        }
        BulkResponse response = client.bulk(bulk.build());
        if (response.errors()) {
            BulkResponseItem failed = response.items().stream().filter(item -> item.error() != null).findFirst()
                    .orElseThrow();
            throw new IOException("Elasticsearch refused documents for index " + index + ": "
                    + failed.error().type() + ": " + failed.error().reason());
        }
        buffer.clear();
    }

    @Override
    public void close() throws Exception {
        restClient.close();
    }
}
