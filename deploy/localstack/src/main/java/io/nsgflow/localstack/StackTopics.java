package io.nsgflow.localstack;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics the job reads and writes, as {@code LocalStackMain up} creates them. The default
 * names are the job's own defaults ({@code flowlog.topic}, {@code policy.topic},
 * {@code deadletter.topic} in io.nsgflow.kafka.KafkaOptions; a test in the job module checks that
 * they stay equal), so {@code stream} started on the stack without topic options finds its topics.
 */
public record StackTopics(String flowLogs, String policy, String deadLetters, int partitions) {

    public static final String FLOWLOG_OPTION = "flowlog.topic";
    public static final String POLICY_OPTION = "policy.topic";
    public static final String DEADLETTER_OPTION = "deadletter.topic";
    public static final String PARTITIONS_OPTION = "topic.partitions";

    /** The job's default topic names, one partition each. */
    public static final StackTopics DEFAULTS = new StackTopics("nsg-flowlogs", "nsg-policy", "nsgflow-deadletters", 1);

    /** The options of {@code up} that name the topics, with their defaults. */
    public static final Map<String, String> OPTION_DEFAULTS = Map.of(
            FLOWLOG_OPTION, DEFAULTS.flowLogs(),
            POLICY_OPTION, DEFAULTS.policy(),
            DEADLETTER_OPTION, DEFAULTS.deadLetters(),
            PARTITIONS_OPTION, Integer.toString(DEFAULTS.partitions()));

    public StackTopics {
        for (String name : new String[] {flowLogs, policy, deadLetters}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank");
            }
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--" + PARTITIONS_OPTION + " must be at least 1, was " + partitions);
        }
    }

    /**
     * The topics named by {@code --flowlog.topic}, {@code --policy.topic}, {@code --deadletter.topic}
     * and {@code --topic.partitions} (each defaulted).
     *
     * @throws IllegalArgumentException naming the option when a value is blank or not a number
     */
    public static StackTopics fromOptions(Map<String, String> options) {
        for (String topicOption : List.of(FLOWLOG_OPTION, POLICY_OPTION, DEADLETTER_OPTION)) {
            String v = options.get(topicOption);
            if (v != null && v.isBlank()) {
                throw new IllegalArgumentException("--" + topicOption + " must not be blank");
            }
        }
        String partitions = options.getOrDefault(PARTITIONS_OPTION, Integer.toString(DEFAULTS.partitions()));
        int n;
        try {
            n = Integer.parseInt(partitions.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + PARTITIONS_OPTION + " must be a number, was '" + partitions + "'");
        }
        return new StackTopics(options.getOrDefault(FLOWLOG_OPTION, DEFAULTS.flowLogs()),
                options.getOrDefault(POLICY_OPTION, DEFAULTS.policy()),
                options.getOrDefault(DEADLETTER_OPTION, DEFAULTS.deadLetters()), n);
    }

    public List<String> names() {
        return List.of(flowLogs, policy, deadLetters);
    }

    /** Creates the topics on {@code kafka} (those that exist are left as they are) and prints them. */
    public void create(KafkaBroker kafka, PrintStream out) {
        kafka.createTopics(partitions, names());
        out.printf("Kafka topics   %s=%s, %s=%s, %s=%s (%d partition%s each)%n", FLOWLOG_OPTION, flowLogs,
                POLICY_OPTION, policy, DEADLETTER_OPTION, deadLetters, partitions, partitions == 1 ? "" : "s");
    }
}
