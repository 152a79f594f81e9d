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

    /** Told of each component as soon as it is ready (from the thread that started it). */
    public interface Listener {
        default void ready(KafkaBroker kafka) {}

        default void ready(ElasticsearchNode elasticsearch) {}

        default void ready(FlinkSessionCluster flink) {}
    }

    /** Starts the three components under {@code baseDir}, on free ports. */
    public static LocalStack start(Path baseDir) {
        return start(baseDir, new Listener() {});
    }

    /** Starts the three components under {@code baseDir}, on free ports, telling {@code listener} of each as it is ready. */
    public static LocalStack start(Path baseDir, Listener listener) {
        CompletableFuture<ElasticsearchNode> es = CompletableFuture.supplyAsync(() -> ElasticsearchNode.start(baseDir));
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> KafkaBroker.start(baseDir));
        CompletableFuture<FlinkSessionCluster> flink =
                CompletableFuture.supplyAsync(() -> FlinkSessionCluster.start(baseDir));
        es.thenAccept(listener::ready);
        kafka.thenAccept(listener::ready);
        flink.thenAccept(listener::ready);
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
