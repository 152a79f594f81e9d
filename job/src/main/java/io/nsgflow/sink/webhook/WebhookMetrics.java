package io.nsgflow.sink.webhook;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The delivery metrics, under the {@code webhook} group. Updated from the HTTP client's threads,
 * hence thread-safe counters and a guarded histogram.
 */
final class WebhookMetrics {

    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final Histogram latency;

    WebhookMetrics(MetricGroup operatorGroup) {
        MetricGroup group = operatorGroup.addGroup("webhook");
        delivered = group.counter("delivered", new ThreadSafeSimpleCounter());
        retried = group.counter("retried", new ThreadSafeSimpleCounter());
        failed = group.counter("failed", new ThreadSafeSimpleCounter());
        latency = group.histogram("latencyMs", new DescriptiveStatisticsHistogram(1_000));
    }

    /** A delivery that succeeded {@code millis} after its first attempt began (retries included). */
    void delivered(long millis) {
        delivered.inc();
        synchronized (latency) {
            latency.update(millis);
        }
    }

    void retried() {
        retried.inc();
    }

    void failed() {
        failed.inc();
    }
}
