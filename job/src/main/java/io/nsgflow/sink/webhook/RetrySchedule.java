package io.nsgflow.sink.webhook;

import java.io.Serializable;
import java.time.Duration;

/**
 * When to try a retryable failure again: exponential backoff from {@code initialBackoff}, doubled
 * per attempt up to {@code maxBackoff}, or exactly what the receiver's {@code Retry-After} asks;
 * given up after {@code maxAttempts} attempts or when the next one would start later than
 * {@code maxDuration} after the first.
 */
record RetrySchedule(int maxAttempts, Duration maxDuration, Duration initialBackoff, Duration maxBackoff)
        implements Serializable {

    /**
     * @param attemptsMade attempts made so far (at least 1)
     * @param elapsed time since the first attempt started
     * @param retryAfter the receiver's Retry-After, or null
     * @return the wait before the next attempt, or null to give up
     */
    Duration next(int attemptsMade, Duration elapsed, Duration retryAfter) {
        if (attemptsMade >= maxAttempts) {
            return null;
        }
        Duration wait = retryAfter != null ? retryAfter : backoff(attemptsMade);
        return elapsed.plus(wait).compareTo(maxDuration) > 0 ? null : wait;
    }

    private Duration backoff(int attemptsMade) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attemptsMade && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
