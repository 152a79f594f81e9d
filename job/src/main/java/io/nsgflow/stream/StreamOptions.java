package io.nsgflow.stream;

import io.nsgflow.kafka.KafkaOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The options of {@code nsgflow stream}; each can be given as {@code --key value}. */
public final class StreamOptions {

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = KafkaOptions.BOOTSTRAP_SERVERS;

    public static final ConfigOption<String> KAFKA_GROUP_ID = KafkaOptions.GROUP_ID;

    public static final ConfigOption<String> FLOWLOG_TOPIC = KafkaOptions.FLOWLOG_TOPIC;

    public static final ConfigOption<String> ELASTICSEARCH_HOSTS = ConfigOptions.key("elasticsearch.hosts")
            .stringType()
            .noDefaultValue()
            .withDescription("Elasticsearch URLs, http(s)://host:port[,http(s)://host:port...]. Required.");

    public static final ConfigOption<String> ELASTICSEARCH_INDEX = ConfigOptions.key("elasticsearch.index")
            .stringType()
            .defaultValue("nsgflow-raw")
            .withDescription("Index the placeholder pipeline writes the raw records to.");

    public static final ConfigOption<Integer> ELASTICSEARCH_BULK_MAX_ACTIONS =
            ConfigOptions.key("elasticsearch.bulk.max-actions")
                    .intType()
                    .defaultValue(500)
                    .withDescription("Documents buffered before a bulk request is sent.");

    public static final ConfigOption<Duration> ELASTICSEARCH_BULK_FLUSH_INTERVAL =
            ConfigOptions.key("elasticsearch.bulk.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Longest time a document waits in the buffer before it is sent.");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID, FLOWLOG_TOPIC,
            ELASTICSEARCH_HOSTS, ELASTICSEARCH_INDEX, ELASTICSEARCH_BULK_MAX_ACTIONS, ELASTICSEARCH_BULK_FLUSH_INTERVAL);

    private static final List<ConfigOption<?>> REQUIRED = List.of(KAFKA_BOOTSTRAP_SERVERS, ELASTICSEARCH_HOSTS);

    private StreamOptions() {}

    /**
     * Checks what the job cannot start without; throws {@link IllegalArgumentException} naming the
     * option and the reason.
     */
    public static void validate(Configuration config) {
        for (ConfigOption<?> option : REQUIRED) {
            if (!config.contains(option)) {
                throw new IllegalArgumentException("missing required option --" + option.key());
            }
        }
        elasticsearchHosts(config);
        if (config.get(ELASTICSEARCH_INDEX).isBlank()) {
            throw new IllegalArgumentException("option " + ELASTICSEARCH_INDEX.key() + " is empty");
        }
        if (config.get(ELASTICSEARCH_BULK_MAX_ACTIONS) < 1) {
            throw new IllegalArgumentException("option " + ELASTICSEARCH_BULK_MAX_ACTIONS.key() + " must be at least 1");
        }
        if (config.get(ELASTICSEARCH_BULK_FLUSH_INTERVAL).toMillis() < 1) {
            throw new IllegalArgumentException(
                    "option " + ELASTICSEARCH_BULK_FLUSH_INTERVAL.key() + " must be at least 1 ms");
        }
    }

    /** The URLs of {@link #ELASTICSEARCH_HOSTS}; throws naming the option when one is not an http(s) URL. */
    public static List<URI> elasticsearchHosts(Configuration config) {
        List<URI> hosts = new ArrayList<>();
        for (String host : config.get(ELASTICSEARCH_HOSTS).split(",")) {
            if (!host.isBlank()) {
                hosts.add(elasticsearchUri(host));
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("option " + ELASTICSEARCH_HOSTS.key() + " is empty");
        }
        return hosts;
    }

    /** Parses one entry of {@link #ELASTICSEARCH_HOSTS}; the message names the option when it is not an http(s) URL. */
    public static URI elasticsearchUri(String host) {
        try {
            URI uri = new URI(host.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("option " + ELASTICSEARCH_HOSTS.key() + ": '" + host
                        + "' is not an http(s)://host:port URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("option " + ELASTICSEARCH_HOSTS.key() + ": '" + host
                    + "' is not a URL (" + e.getReason() + ")");
        }
    }

    /** Lines for {@code --help}. */
    public static List<String> describe() {
        return OptionsHelp.describe(ALL);
    }
}
