package io.nsgflow.localstack;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a readiness check until it passes, the process dies, or the timeout is reached. */
final class Readiness {

    private static final long POLL_MILLIS = 250;

    private Readiness() {}

    /**
     * 300 s unless {@code -Dnsgflow.localstack.ready-timeout-seconds} says otherwise: generous,
     * because on a loaded 2-core machine a cold Elasticsearch has needed nearly two minutes.
     */
    static Duration defaultTimeout() {
        return Duration.ofSeconds(Long.getLong("nsgflow.localstack.ready-timeout-seconds", 300));
    }

    /**
     * @param check returns true once the component answers as ready; exceptions count as "not yet"
     * @param logTail the component's log tail, for the error message
     */
    static void await(String component, Duration timeout, ComponentProcess process, Supplier<Boolean> check,
            Supplier<String> logTail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LocalStackException(component + " stopped before it was ready: " + process.exitReport()
                        + logTail.get());
            }
            try {
                if (check.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for " + component, e);
            }
        }
        throw new LocalStackException(component + " was not ready within " + timeout
                + (lastFailure == null ? "" : " (last check: " + lastFailure + ")") + "\n" + logTail.get());
    }
}
