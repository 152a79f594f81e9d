package io.nsgflow.flowlog;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Options of flow-log decoding: watermarks and dead letters. */
public final class FlowLogOptions {

    private FlowLogOptions() {}

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS = ConfigOptions
            .key("flowlog.watermark.out-of-orderness").durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How late a flow tuple may arrive, in event time, behind the latest one seen from the"
                    + " same Kafka partition (bounded out-of-orderness of the watermarks, which follow the slowest"
                    + " partition).");

    public static final ConfigOption<Duration> WATERMARK_IDLENESS = ConfigOptions
            .key("flowlog.watermark.idleness").durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("A Kafka partition without data for this long while others deliver stops holding back"
                    + " the watermark (a stall of the whole input does not count), and an input without any data"
                    + " for this long is marked idle; 0 disables idleness detection.");

    public static final ConfigOption<Integer> DEAD_LETTER_MAX_PAYLOAD_BYTES = ConfigOptions
            .key("flowlog.dead-letter.max-payload-bytes").intType().defaultValue(4096)
            .withDescription("Raw payload bytes kept in each dead letter (the rest is cut; payloadSize keeps the"
                    + " full size).");

    public static final ConfigOption<Integer> DEAD_LETTER_MAX_EXCERPT_CHARS = ConfigOptions
            .key("flowlog.dead-letter.max-excerpt-chars").intType().defaultValue(FlowLogDecoder.DEFAULT_EXCERPT_CHARS)
            .withDescription("Characters kept of the offending fragment (e.g. the flow tuple) in each dead letter.");

    /** Fails with a message naming the option when a value is out of range. */
    public static void validate(Configuration conf) {
        requireNonNegative(conf, WATERMARK_OUT_OF_ORDERNESS);
        requireNonNegative(conf, WATERMARK_IDLENESS);
        requirePositive(conf, DEAD_LETTER_MAX_PAYLOAD_BYTES);
        requirePositive(conf, DEAD_LETTER_MAX_EXCERPT_CHARS);
    }

    private static void requireNonNegative(Configuration conf, ConfigOption<Duration> option) {
        if (conf.get(option).isNegative()) {
            throw new IllegalArgumentException(option.key() + " must not be negative, was " + conf.get(option));
        }
    }

    private static void requirePositive(Configuration conf, ConfigOption<Integer> option) {
        if (conf.get(option) < 1) {
            throw new IllegalArgumentException(option.key() + " must be at least 1, was " + conf.get(option));
        }
    }
}
