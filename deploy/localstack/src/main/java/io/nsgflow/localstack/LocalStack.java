package io.nsgflow.localstack;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Kafka, Elasticsearch and a Flink session cluster, started together (in parallel) and closed together. */
public final class LocalStack implements AutoCloseable {

    private final KafkaBroker kafka;
    private final ElasticsearchNode elasticsearch;
    private final FlinkSessionCluster flink;

    private LocalStack(KafkaBroker kafka, ElasticsearchNode elasticsearch, FlinkSessionCluster flink) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.flink = flink;
    }

    /** Starts the three components under {@code baseDir}, on free ports. */
    public static LocalStack start(Path baseDir) {
        CompletableFuture<ElasticsearchNode> es = CompletableFuture.supplyAsync(() -> ElasticsearchNode.start(baseDir));
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> KafkaBroker.start(baseDir));
        CompletableFuture<FlinkSessionCluster> flink =
                CompletableFuture.supplyAsync(() -> FlinkSessionCluster.start(baseDir));
        try {
            CompletableFuture.allOf(es, kafka, flink).join();
            return new LocalStack(kafka.join(), es.join(), flink.join());
        } catch (CompletionException e) {
            // stop whatever did start, then report the first failure
            es.thenAccept(ElasticsearchNode::close);
            kafka.thenAccept(KafkaBroker::close);
            flink.thenAccept(FlinkSessionCluster::close);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public ElasticsearchNode elasticsearch() {
        return elasticsearch;
    }

    public FlinkSessionCluster flink() {
        return flink;
    }

    @Override
    public void close() {
        flink.close();
        kafka.close();
        elasticsearch.close();
    }
}
