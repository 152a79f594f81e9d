package io.nsgflow.aggregate;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Options of the per-minute aggregates. */
public final class AggregateOptions {

    private AggregateOptions() {}

    public static final ConfigOption<Duration> ALLOWED_LATENESS = ConfigOptions
            .key("aggregate.allowed-lateness").durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How long after a minute's window has fired (by the watermark) tuples of that minute"
                    + " still update it: the window fires again with the new totals under the same document id."
                    + " Later tuples are left out of the aggregates and counted in the metric aggregateTuplesTooLate.");

    /** Fails with a message naming the option when a value is out of range. */
    public static void validate(Configuration conf) {
        Duration lateness = conf.get(ALLOWED_LATENESS);
        if (lateness.isNegative()) {
            throw new IllegalArgumentException(ALLOWED_LATENESS.key() + " must not be negative, was " + lateness);
        }
    }
}
