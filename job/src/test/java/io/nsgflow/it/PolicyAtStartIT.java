package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.junit.KafkaExtension;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import io.nsgflow.stream.PolicyAtStart;
import io.nsgflow.synthetic.EnterpriseScenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code stream} knows of the policy topic before it starts, on the real broker: every
 * committed policy version of every partition, nothing of an aborted transaction, and none of
 * the messages that are not versions (an allow-list, a malformed one: the stream handles those).
 */
@ExtendWith(KafkaExtension.class)
class PolicyAtStartIT {

    @Test
    void readsEveryCommittedVersionOfEveryPartitionAndNothingElse(KafkaBroker kafka) throws Exception {
        String topic = "policy-at-start-it-" + System.nanoTime();
        kafka.createTopic(topic, 2);
        Instant v1From = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(3, EnterpriseScenario.MIN_NICS, v1From,
                v1From.plus(Duration.ofMinutes(30)));
        byte[] v1 = scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8);
        byte[] v2 = scenario.changeV2Json().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, null, v1)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, null,
                    "{\"lateralAllowList\": []}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, null, "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, null, v2)).get(30, TimeUnit.SECONDS);
        }
        // a version in a transaction that was aborted: never in force
        Map<String, Object> tx = new java.util.HashMap<>(config);
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        try (var producer = new KafkaProducer<>(tx, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, null, v2)).get(30, TimeUnit.SECONDS);
            producer.abortTransaction();
        }

        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.POLICY_TOPIC, topic);
        List<PolicyUpdate> versions = PolicyAtStart.read(conf, Map.of(), Duration.ofMinutes(1));

        assertThat(versions).extracting(PolicyUpdates::key).containsExactlyInAnyOrder(
                PolicyUpdates.key(PolicyUpdates.read(scenario.snapshotV1Json())),
                PolicyUpdates.key(PolicyUpdates.read(scenario.changeV2Json())));
    }

    @Test
    void aMissingTopicGivesNoVersionsAndIsNotCreatedByTheRead(KafkaBroker kafka) throws Exception {
        String topic = "policy-at-start-missing-" + System.nanoTime();
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.POLICY_TOPIC, topic);
        assertThat(PolicyAtStart.read(conf, Map.of(), Duration.ofSeconds(30))).isEmpty();
        try (var admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void anEmptyTopicGivesNoVersions(KafkaBroker kafka) {
        String topic = "policy-at-start-slow-" + System.nanoTime();
        kafka.createTopic(topic, 1);
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.POLICY_TOPIC, topic);
        assertThat(PolicyAtStart.read(conf, Map.of(), Duration.ofSeconds(30))).isEmpty();
    }
}
