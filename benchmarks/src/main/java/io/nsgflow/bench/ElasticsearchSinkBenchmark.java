package io.nsgflow.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.LogFormat;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.sink.elasticsearch.ElasticsearchClients;
import io.nsgflow.sink.elasticsearch.ElasticsearchConnection;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import io.nsgflow.sink.elasticsearch.IndexNames;
import io.nsgflow.sink.elasticsearch.IndexTemplate;
import io.nsgflow.stream.ElasticsearchOutputs;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Documents per second of the nsgflow Elasticsearch sink (in a Flink job, parallelism 1) next to
 * elasticsearch-java's own BulkIngester, on the same drift documents, the same node and the same
 * batch settings, in one run (alternating rounds). Not JMH: it needs a real Elasticsearch, which
 * it starts through the local stack.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.nsgflow.bench.ElasticsearchSinkBenchmark [documents] [rounds]}
 */
public final class ElasticsearchSinkBenchmark {

    /** The daily indices the bulk ingester writes to, beside the sink\'s bench-sink-*. */
    private static final IndexNames INGESTER_INDICES = new IndexNames("bench-ingester");

    private static final int BATCH_DOCUMENTS = 1_000;
    private static final long BATCH_BYTES = 5L * 1024 * 1024;
    private static final int IN_FLIGHT = 2;
    private static final Duration FLUSH = Duration.ofSeconds(1);

    private ElasticsearchSinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path base = Path.of(System.getProperty("nsgflow.localstack.base-dir", "target/bench-stack"));
        try (ElasticsearchNode es = ElasticsearchNode.start(base, "elasticsearch-bench", 0,
                ElasticsearchNode.Security.NONE)) {
            ElasticsearchConnection connection = ElasticsearchConnection.of(URI.create(es.url()));
            List<ElasticsearchDocument> docs = documents(documents);
            long bytes = docs.stream().mapToLong(d -> d.json.getBytes(StandardCharsets.UTF_8).length).sum();
            System.out.printf("%d drift documents, %.1f MB of JSON, on %s (%d cores)%n", documents, bytes / 1e6, es,
                    Runtime.getRuntime().availableProcessors());
            try (ElasticsearchTransport transport = ElasticsearchClients.transport(connection)) {
                ElasticsearchClient client = ElasticsearchClients.blocking(transport);
                for (String prefix : List.of("bench-sink", "bench-ingester")) {
                    IndexNames names = new IndexNames(prefix);
                    for (IndexTemplate t : ElasticsearchOutputs.templates()) {
                        String body = t.forPrefix(names).toString();
                        client.indices().putIndexTemplate(r -> r.name(t.name(names)).withJson(new StringReader(body)));
                    }
                }
                double overhead = 0;
                // round 0 warms up both (JIT, connections, index creation) and is not reported
                for (int round = 0; round <= rounds; round++) {
                    double sink = timeSink(docs, connection, round);
                    double ingester = timeIngester(docs, client, round);
                    String label = round == 0 ? "warm-up" : "round " + round;
                    System.out.printf("%-8s  nsgflow sink: %,10.0f docs/s (%,10.0f without job start)   "
                            + "BulkIngester: %,10.0f docs/s%n", label, documents / sink,
                            documents / Math.max(0.001, sink - overhead), documents / ingester);
                    check(es, "bench-sink-*", documents);
                    check(es, "bench-ingester-*", documents);
                    es.request("DELETE", "/bench-sink-*,bench-ingester-*", null);
                    if (round == 0) {
                        // what a warm Flink job costs to start and stop on the local runtime, with 1 document
                        overhead = timeSink(docs.subList(0, 1), connection, -1);
                        System.out.printf("Flink job start+stop with 1 document through the sink: %.2f s%n", overhead);
                        es.request("DELETE", "/bench-sink-*", null);
                    }
                }
            }
        }
    }

    /** Seconds for a Flink job (parallelism 1) that writes all documents through the sink, start to finish. */
    private static double timeSink(List<ElasticsearchDocument> docs, ElasticsearchConnection connection, int round)
            throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        String prefix = "bench-sink-r" + round;  // job name only
        env.fromData(ElasticsearchDocument.class, docs.toArray(ElasticsearchDocument[]::new))
                .sinkTo(ElasticsearchSink.builder(connection)
                        .indexPrefix("bench-sink")
                        .installTemplates(false)
                        .maxBatchSize(BATCH_DOCUMENTS)
                        .maxBatchSizeInBytes(BATCH_BYTES)
                        .maxInFlightRequests(IN_FLIGHT)
                        .maxBufferedRequests(10 * BATCH_DOCUMENTS)
                        .maxTimeInBuffer(FLUSH)
                        .build());
        long start = System.nanoTime();
        env.execute(prefix);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds for BulkIngester to index all documents, from the first add to the end of close(). */
    private static double timeIngester(List<ElasticsearchDocument> docs, ElasticsearchClient client, int round) {
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client)
                .maxOperations(BATCH_DOCUMENTS)
                .maxSize(BATCH_BYTES)
                .maxConcurrentRequests(IN_FLIGHT)
                .flushInterval(FLUSH.toMillis(), TimeUnit.MILLISECONDS)
                .listener(new BulkListener<Void>() {
                    @Override
                    public void beforeBulk(long id, BulkRequest request, List<Void> contexts) {}

                    @Override
                    public void afterBulk(long id, BulkRequest request, List<Void> contexts, BulkResponse response) {
                        response.items().forEach(item -> {
                            if (item.error() != null) {
                                failed.incrementAndGet();
                            }
                        });
                    }

                    @Override
                    public void afterBulk(long id, BulkRequest request, List<Void> contexts, Throwable failure) {
                        failed.addAndGet(request.operations().size());
                    }
                }))) {
            for (ElasticsearchDocument d : docs) {
                BinaryData source = BinaryData.of(d.json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
                String index = INGESTER_INDICES.daily(d.kind, d.timestamp);
                ingester.add(op -> op.index(i -> i.index(index).id(d.id).document(source)));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException("BulkIngester: " + failed.get() + " documents failed in round " + round);
        }
        return seconds;
    }

    private static void check(ElasticsearchNode es, String pattern, int expected) throws Exception {
        es.request("POST", "/" + pattern + "/_refresh", null);
        String body = es.request("GET", "/" + pattern + "/_count", null).body();
        long count = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("count").asLong();
        if (count != expected) {
            throw new IllegalStateException(pattern + " has " + count + " documents, expected " + expected);
        }
    }

    /** Drift findings over one day with distinct flows, as the job writes them. */
    static List<ElasticsearchDocument> documents(int n) {
        long day = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
        List<ElasticsearchDocument> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DriftFinding f = DriftFinding.newBuilder().setEventTime(day + (i * 853L) % 86_400_000L)
                    .setType(DriftType.values()[i % DriftType.values().length])
                    .setSrcIp("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                    .setSrcPort(1024 + i % 60000).setDstIp("10.200.1." + (i % 200)).setDstPort(i % 2 == 0 ? 443 : 22)
                    .setProtocol(i % 3 == 0 ? 17 : 6).setDirection(i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND)
                    .setObserved(Judgement.newBuilder().setDecision(Decision.ALLOW).setRule("UserRule_allow-" + i % 40)
                            .setNsg("nsg-" + i % 12).build())
                    .setExpected(Judgement.newBuilder().setDecision(Decision.DENY).setRule("deny-" + i % 40)
                            .setNsg("nsg-" + i % 12).build())
                    .setPolicyVersion("v" + i % 5).setNicName("nic-" + i % 300).setMac("00-0D-3A-00-00-" + i % 90)
                    .setLogFormat(LogFormat.VNET_V4).build();
            docs.add(ElasticsearchOutputs.drift(f));
        }
        return docs;
    }
}
