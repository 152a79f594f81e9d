package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.time.Duration;

/** Exponential backoff with a cap, and the most attempts a refused document gets. */
public final class RetryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        if (maxAttempts < 1 || initialBackoff.toMillis() < 1 || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry policy needs maxAttempts >= 1 and 1 ms <= initial <= max backoff");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    /** Whether a document refused {@code attempts} times (retryably) may be sent once more. */
    boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /** Wait before the retry that follows {@code failures} consecutive failures (1 = first retry). */
    long backoffMillis(int failures) {
        if (failures < 1) {
            return 0;
        }
        int doublings = Math.min(failures - 1, 30);
        return Math.min(maxBackoffMillis, initialBackoffMillis << doublings);
    }

    int maxAttempts() {
        return maxAttempts;
    }
}
