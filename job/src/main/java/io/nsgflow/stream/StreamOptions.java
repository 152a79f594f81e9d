package io.nsgflow.stream;

import io.nsgflow.aggregate.AggregateOptions;
import io.nsgflow.alert.delivery.AlertOptions;
import io.nsgflow.alert.delivery.AlertWebhookStreams;
import io.nsgflow.evaluate.ReevaluationOptions;
import io.nsgflow.flowlog.FlowLogOptions;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The options of {@code nsgflow stream}; each can be given as {@code --key value}. */
public final class StreamOptions {

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Interval of checkpoints; Kafka offsets are committed and buffered Elasticsearch documents"
                    + " flushed on each.");

    public static final ConfigOption<String> POLICY_SNAPSHOT = ConfigOptions.key("policy.snapshot")
            .stringType()
            .noDefaultValue()
            .withDescription("Optional snapshot file (the verify/replay format) to judge with before the policy topic"
                    + " delivers a version; read and validated at start.");

    public static final ConfigOption<Boolean> POLICY_READ_AT_START = ConfigOptions.key("policy.read-at-start")
            .booleanType()
            .defaultValue(true)
            .withDescription("Read the policy topic to its end before the job starts, so that flows of a backlog are"
                    + " judged against every policy version already published, not against the versions the policy"
                    + " source happens to have read when their turn comes.");

    public static final ConfigOption<Duration> POLICY_READ_AT_START_TIMEOUT = ConfigOptions
            .key("policy.read-at-start.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(2))
            .withDescription("How long reading the policy topic at start may take before the start fails.");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = all();

    /** Keys of the options {@code stream} cannot start without. */
    public static final Set<String> REQUIRED = Set.of(KafkaOptions.BOOTSTRAP_SERVERS.key(), ElasticsearchOptions.HOSTS.key());

    private StreamOptions() {}

    private static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(
                KafkaOptions.BOOTSTRAP_SERVERS, KafkaOptions.GROUP_ID, KafkaOptions.STARTING_OFFSETS,
                KafkaOptions.PROPERTIES, KafkaOptions.FLOWLOG_TOPIC, KafkaOptions.POLICY_TOPIC,
                KafkaOptions.DEADLETTER_TOPIC));
        all.addAll(ElasticsearchOptions.ALL);
        all.addAll(List.of(
                FlowLogOptions.WATERMARK_OUT_OF_ORDERNESS, FlowLogOptions.WATERMARK_IDLENESS,
                FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES, FlowLogOptions.DEAD_LETTER_MAX_EXCERPT_CHARS,
                ReevaluationOptions.POLICY_MAX_WAIT, ReevaluationOptions.POLICY_MAX_WAITING_PER_NIC,
                ReevaluationOptions.POLICY_ALLOWED_LATENESS, AggregateOptions.ALLOWED_LATENESS,
                CHECKPOINT_INTERVAL, POLICY_SNAPSHOT, POLICY_READ_AT_START, POLICY_READ_AT_START_TIMEOUT));
        all.addAll(io.nsgflow.lateral.LateralOptions.ALL);
        all.addAll(AlertOptions.ALL);
        all.addAll(WebhookOptions.ALL);
        return List.copyOf(all);
    }

    /**
     * Checks what the job cannot start without; throws {@link IllegalArgumentException} naming the
     * option and the reason.
     */
    public static void validate(Configuration config) {
        KafkaOptions.validate(config);
        ElasticsearchOptions.validate(config);
        FlowLogOptions.validate(config);
        ReevaluationOptions.validate(config);
        AggregateOptions.validate(config);
        io.nsgflow.lateral.LateralOptions.settings(config);
        AlertWebhookStreams.validate(config);
        Duration interval = config.get(CHECKPOINT_INTERVAL);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("option --" + CHECKPOINT_INTERVAL.key() + " must be positive, was " + interval);
        }
    }
}
