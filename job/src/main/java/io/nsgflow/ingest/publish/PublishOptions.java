package io.nsgflow.ingest.publish;

import io.nsgflow.kafka.KafkaOptions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Options of {@code nsgflow publish}: which files go to which topic, and how to reach Kafka (as {@code stream}). */
public final class PublishOptions {

    public static final ConfigOption<List<String>> FLOWS = ConfigOptions.key("flows")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Flow-log file or folder (folders recursively, skipping names that start with '.' or '_',"
                    + " as replay reads them), e.g. PT1H.json blobs as downloaded from the storage account; each"
                    + " record becomes one message on flowlog.topic. Repeatable.");

    public static final ConfigOption<List<String>> POLICY = ConfigOptions.key("policy")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Policy file: a whole snapshot, one resource, or a JSON array of resources (as az network"
                    + " nsg list prints it; each resource becomes its own message) for policy.topic. Every file is"
                    + " read and validated before anything is sent. Repeatable.");

    public static final ConfigOption<String> POLICY_EFFECTIVE_FROM = ConfigOptions.key("policy.effective-from")
            .stringType()
            .noDefaultValue()
            .withDescription("ISO-8601 instant (2026-11-20T10:00:00Z) added as effectiveFrom to every policy message"
                    + " whose file has none; without it such a file is refused. Files with their own keep it.");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(KafkaOptions.BOOTSTRAP_SERVERS, FLOWS, POLICY,
            POLICY_EFFECTIVE_FROM, KafkaOptions.FLOWLOG_TOPIC, KafkaOptions.POLICY_TOPIC, KafkaOptions.PROPERTIES);

    private PublishOptions() {}

    /** Fails with a message naming the option when one is missing or wrong. */
    public static void validate(Configuration conf) {
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("option --" + KafkaOptions.BOOTSTRAP_SERVERS.key() + " is required");
        }
        if (files(conf, FLOWS).isEmpty() && files(conf, POLICY).isEmpty()) {
            throw new IllegalArgumentException("nothing to publish: give --" + FLOWS.key() + " and/or --" + POLICY.key());
        }
        for (ConfigOption<String> topic : List.of(KafkaOptions.FLOWLOG_TOPIC, KafkaOptions.POLICY_TOPIC)) {
            if (conf.get(topic).isBlank()) {
                throw new IllegalArgumentException("option --" + topic.key() + " must not be blank");
            }
        }
        effectiveFrom(conf);
    }

    /** The files of a list option, empty when not given. */
    public static List<String> files(Configuration conf, ConfigOption<List<String>> option) {
        List<String> v = conf.get(option);
        return v == null ? List.of() : v;
    }

    /** {@link #POLICY_EFFECTIVE_FROM}, or null. */
    public static Instant effectiveFrom(Configuration conf) {
        String v = conf.get(POLICY_EFFECTIVE_FROM);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("option --" + POLICY_EFFECTIVE_FROM.key()
                    + " must be an ISO-8601 instant such as 2026-11-20T10:00:00Z, was '" + v + "'");
        }
    }
}
