package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.sink.elasticsearch.ElasticsearchConnection;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import io.nsgflow.sink.elasticsearch.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Elasticsearch stopped while the job writes, then started again: every document arrives, once. */
class ElasticsearchSinkRestartIT {

    private static final int DOCUMENTS = 3_000;
    private static final int BEFORE_OUTAGE = 500;
    /** The job runs in this JVM (local runtime): documents after the first 500 wait until the node is down. */
    private static final CountDownLatch NODE_STOPPED = new CountDownLatch(1);

    private static ElasticsearchNode es;

    @BeforeAll
    static void start() {
        String base = System.getProperty("nsgflow.localstack.base-dir", "target/stack");
        es = ElasticsearchNode.start(Path.of(base), "elasticsearch-restart", 0, ElasticsearchNode.Security.NONE);
    }

    @AfterAll
    static void stop() {
        if (es != null) {
            es.close();
        }
    }

    private static ElasticsearchDocument document(long i) throws InterruptedException {
        if (i == BEFORE_OUTAGE) {
            NODE_STOPPED.await(5, TimeUnit.MINUTES);
        }
        return new ElasticsearchDocument("drift", java.time.Instant.parse("2026-11-20T10:00:00Z").toEpochMilli(), "doc-" + i,
                "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"destination\":{\"port\":" + i + "}}");
    }

    @Test
    void documentsWrittenWhileTheServerIsDownArriveAfterItIsBackWithoutDuplicates() throws Exception {
        StreamExecutionEnvironment env = SinkJobs.environment();
        env.fromSequence(0, DOCUMENTS - 1)
                .map(ElasticsearchSinkRestartIT::document)
                .returns(TypeInformation.of(ElasticsearchDocument.class))
                .sinkTo(ElasticsearchSink.builder(ElasticsearchConnection.of(URI.create(es.url())))
                        .indexPrefix("restart")
                        .maxBatchSize(100)
                        .maxInFlightRequests(1)
                        .maxTimeInBuffer(Duration.ofMillis(100))
                        .retry(new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(1)))
                        .build());
        JobClient job = env.executeAsync("sink through an Elasticsearch restart");

        awaitSomeDocuments();
        es.stop();
        NODE_STOPPED.countDown();
        es.restart();
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);

        assertThat(SinkJobs.count(es, "restart-drift-2026.11.20")).isEqualTo(DOCUMENTS);
        assertThat(SinkJobs.count(es, "restart-deadletter-*")).isZero();
    }

    private static void awaitSomeDocuments() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (SinkJobs.count(es, "restart-drift-*") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no document arrived before the outage");
            }
            Thread.sleep(100);
        }
    }
}
