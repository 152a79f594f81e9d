package io.nsgflow.sink.elasticsearch;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * PLACEHOLDER Elasticsearch sink of issue 2: writes each string as a document {@code {"raw": ...}}
 * with the elasticsearch-java bulk API. It only proves the wiring: no retries, no dead letters,
 * at-least-once only through the flush before each checkpoint. Issue 6 replaces it with the
 * AsyncSinkBase sink of DESIGN.md.
 */
public final class PlaceholderElasticsearchSink implements Sink<String> {

    private static final long serialVersionUID = 1L;

    private final List<URI> hosts;
    private final String index;
    private final int maxActions;
    private final Duration flushInterval;

    public PlaceholderElasticsearchSink(List<URI> hosts, String index, int maxActions, Duration flushInterval) {
        this.hosts = List.copyOf(hosts);
        this.index = index;
        this.maxActions = maxActions;
        this.flushInterval = flushInterval;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        return new PlaceholderElasticsearchWriter(hosts, index, maxActions, flushInterval.toMillis(),
                context.getProcessingTimeService());
    }
}
