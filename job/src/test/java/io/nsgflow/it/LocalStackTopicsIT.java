package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.StackTopics;
import io.nsgflow.localstack.junit.KafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code LocalStackMain up} creates the job's topics on the real broker, named as the job names them by default. */
@ExtendWith(KafkaExtension.class)
class LocalStackTopicsIT {

    @Test
    void theStacksDefaultTopicsAreTheJobsDefaultTopics() {
        assertThat(StackTopics.DEFAULTS.flowLogs()).isEqualTo(KafkaOptions.FLOWLOG_TOPIC.defaultValue()).isEqualTo("nsg-flowlogs");
        assertThat(StackTopics.DEFAULTS.policy()).isEqualTo(KafkaOptions.POLICY_TOPIC.defaultValue()).isEqualTo("nsg-policy");
        assertThat(StackTopics.DEFAULTS.deadLetters()).isEqualTo(KafkaOptions.DEADLETTER_TOPIC.defaultValue())
                .isEqualTo("nsgflow-deadletters");
        // the options of up carry the job's own option names
        assertThat(StackTopics.OPTION_DEFAULTS).containsEntry(KafkaOptions.FLOWLOG_TOPIC.key(), "nsg-flowlogs")
                .containsEntry(KafkaOptions.POLICY_TOPIC.key(), "nsg-policy")
                .containsEntry(KafkaOptions.DEADLETTER_TOPIC.key(), "nsgflow-deadletters");
    }

    @Test
    void upCreatesTheNamedTopicsWithTheirPartitionsAndPrintsThem(KafkaBroker kafka) throws Exception {
        String run = "stack-topics-" + System.nanoTime();
        StackTopics topics = StackTopics.fromOptions(Map.of("flowlog.topic", run + "-flows", "policy.topic", run + "-policy",
                "deadletter.topic", run + "-dlq", "topic.partitions", "3"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        topics.create(kafka, new PrintStream(printed, true, StandardCharsets.UTF_8));
        topics.create(kafka, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)); // again: no error

        try (var admin = kafka.admin()) {
            Map<String, TopicDescription> described = admin.describeTopics(
                    java.util.List.of(run + "-flows", run + "-policy", run + "-dlq")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(described).hasSize(3);
            described.values().forEach(d -> assertThat(d.partitions()).hasSize(3));
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("flowlog.topic=" + run + "-flows")
                .contains("policy.topic=" + run + "-policy")
                .contains("deadletter.topic=" + run + "-dlq")
                .contains("3 partitions");
    }

    @Test
    void withoutOptionsUpCreatesTheDefaultTopics(KafkaBroker kafka) throws Exception {
        StackTopics.fromOptions(Map.of()).create(kafka, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (var admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains("nsg-flowlogs", "nsg-policy", "nsgflow-deadletters");
        }
    }

    @Test
    void badTopicOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> StackTopics.fromOptions(Map.of("policy.topic", " ")))
                .hasMessageContaining("--policy.topic");
        assertThatThrownBy(() -> StackTopics.fromOptions(Map.of("topic.partitions", "many")))
                .hasMessageContaining("--topic.partitions");
        assertThatThrownBy(() -> StackTopics.fromOptions(Map.of("topic.partitions", "0")))
                .hasMessageContaining("--topic.partitions");
    }
}
