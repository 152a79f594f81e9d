package io.nsgflow.sink.elasticsearch;

import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The sink's metrics, under the writer's {@code elasticsearch} group. */
final class SinkMetrics {

    private final Counter sent;
    private final Counter retried;
    private final Counter superseded;
    private final Counter failed;
    private final Counter deadLettersWritten;
    private final Counter deadLettersLost;
    private final Histogram bulkLatency;

    SinkMetrics(MetricGroup group) {
        sent = group.counter("documentsSent");
        retried = group.counter("documentsRetried");
        superseded = group.counter("documentsSuperseded");
        failed = group.counter("documentsFailed");
        deadLettersWritten = group.counter("deadLettersWritten");
        deadLettersLost = group.counter("deadLettersLost");
        bulkLatency = group.histogram("bulkLatencyMs", new DescriptiveStatisticsHistogram(1_000));
    }

    /** Counts the items indexed, documents and dead letters apart. */
    void indexed(List<BulkItem> items, List<ItemResult> results, IndexNames names) {
        for (int i = 0; i < items.size(); i++) {
            if (!results.get(i).failed()) {
                (DeadLetterItems.isDeadLetter(items.get(i), names) ? deadLettersWritten : sent).inc();
            }
        }
    }

    void retried(int documents) {
        retried.inc(documents);
    }

    void superseded(int documents) {
        superseded.inc(documents);
    }

    void deadLettered(int documents) {
        failed.inc(documents);
    }

    void deadLetterLost() {
        deadLettersLost.inc();
    }

    void bulkLatency(long millis) {
        bulkLatency.update(millis);
    }
}
