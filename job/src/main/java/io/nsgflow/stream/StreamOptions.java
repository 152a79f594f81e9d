package io.nsgflow.stream;

import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
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

    /** Defined by the sink; here under the name the stream command has always used. */
    public static final ConfigOption<String> ELASTICSEARCH_HOSTS = ElasticsearchOptions.HOSTS;

    public static final ConfigOption<String> ELASTICSEARCH_INDEX = ConfigOptions.key("elasticsearch.index")
            .stringType()
            .defaultValue("nsgflow-raw")
            .withDescription("Index the placeholder pipeline writes the raw records to.");

    public static final ConfigOption<Integer> ELASTICSEARCH_BULK_MAX_ACTIONS = ElasticsearchOptions.BULK_MAX_ACTIONS;

    public static final ConfigOption<Duration> ELASTICSEARCH_BULK_FLUSH_INTERVAL = ElasticsearchOptions.BULK_FLUSH_INTERVAL;

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = all();

    private static final List<ConfigOption<?>> REQUIRED = List.of(KAFKA_BOOTSTRAP_SERVERS, ELASTICSEARCH_HOSTS);

    private static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID, FLOWLOG_TOPIC));
        all.addAll(ElasticsearchOptions.ALL);
        all.add(ELASTICSEARCH_INDEX);
        return List.copyOf(all);
    }

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
        ElasticsearchOptions.validate(config);
        if (config.get(ELASTICSEARCH_INDEX).isBlank()) {
            throw new IllegalArgumentException("option " + ELASTICSEARCH_INDEX.key() + " is empty");
        }
    }

    /** The URLs of {@link #ELASTICSEARCH_HOSTS}; throws naming the option when one is not an http(s) URL. */
    public static List<URI> elasticsearchHosts(Configuration config) {
        return ElasticsearchOptions.hosts(config);
    }

    /** Lines for {@code --help}. */
    public static List<String> describe() {
        return OptionsHelp.describe(ALL);
    }
}
