package io.nsgflow.ingest.publish;

import io.nsgflow.ingest.FlowLogRecordKey;
import io.nsgflow.ingest.blob.FlowLogBlocks;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.kafka.KafkaProducers;
import io.nsgflow.policy.timeline.PolicyUpdateKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Publishes local files to nsgflow's topics: policy messages to the policy topic, and flow-log
 * records to the flow-log topic, one record per message, split from each document as
 * {@code ingest-blobs} splits a blob ({@link FlowLogBlocks#records}) and keyed by NIC as it keys
 * them ({@link FlowLogRecordKey}), with the same producer ({@link KafkaProducers}).
 */
public final class FilePublisher implements AutoCloseable {

    /** How long the check that the topics exist waits for Kafka. */
    static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(15);

    /** What has been published so far. */
    public record Counts(long files, long records, long wholeDocuments, long bytes, long nics, long keyedByFile,
            long snapshots, long resources) {}

    private final KafkaProducer<String, byte[]> producer;
    private final String flowLogTopic;
    private final String policyTopic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Set<String> keys = new HashSet<>();
    private long files;
    private long records;
    private long wholeDocuments;
    private long keyedByFile;
    private long bytes;
    private long snapshots;
    private long resources;

    private FilePublisher(KafkaProducer<String, byte[]> producer, String flowLogTopic, String policyTopic) {
        this.producer = producer;
        this.flowLogTopic = flowLogTopic;
        this.policyTopic = policyTopic;
    }

    /**
     * Connects; the topics that will be written must exist (the job does not create them either).
     *
     * @throws IllegalArgumentException naming the option of a missing topic, or when Kafka does not answer
     */
    public static FilePublisher open(Configuration conf, Map<String, String> env, boolean flows, boolean policy) {
        List<ConfigOption<String>> topics = new ArrayList<>();
        if (flows) {
            topics.add(KafkaOptions.FLOWLOG_TOPIC);
        }
        if (policy) {
            topics.add(KafkaOptions.POLICY_TOPIC);
        }
        checkTopicsExist(conf, env, topics);
        return new FilePublisher(KafkaProducers.open(conf, env, null), conf.get(KafkaOptions.FLOWLOG_TOPIC),
                conf.get(KafkaOptions.POLICY_TOPIC));
    }

    private static void checkTopicsExist(Configuration conf, Map<String, String> env, List<ConfigOption<String>> topics) {
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        Properties p = KafkaOptions.clientProperties(conf, env);
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TOPIC_CHECK_TIMEOUT.toMillis()));
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TOPIC_CHECK_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(p)) {
            for (ConfigOption<String> option : topics) {
                String topic = conf.get(option);
                try {
                    admin.describeTopics(List.of(topic)).allTopicNames().get(TOPIC_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new IllegalArgumentException("topic '" + topic + "' (--" + option.key() + ") does not exist on "
                                + servers + ": create it first (LocalStackMain up creates the job's topics)");
                    }
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        throw new IllegalArgumentException("Kafka at " + servers + " (--" + KafkaOptions.BOOTSTRAP_SERVERS.key()
                                + ") did not answer within " + TOPIC_CHECK_TIMEOUT.toSeconds() + " s");
                    }
                    throw new IllegalArgumentException("Kafka at " + servers + " refused to describe topic '" + topic
                            + "': " + e.getCause().getMessage() + ". Check --" + KafkaOptions.PROPERTIES.key() + " and "
                            + KafkaOptions.JAAS_CONFIG_ENV);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("Kafka at " + servers + " (--" + KafkaOptions.BOOTSTRAP_SERVERS.key()
                    + ") did not answer within " + TOPIC_CHECK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics", e);
        }
    }

    /** Sends the policy messages, in order. */
    public void publishPolicy(List<PolicyMessages.Message> messages) {
        for (PolicyMessages.Message m : messages) {
            send(new ProducerRecord<>(policyTopic, m.key(), m.json().getBytes(StandardCharsets.UTF_8)), m.file());
            if (m.update().getKind() == PolicyUpdateKind.SNAPSHOT) {
                snapshots++;
            } else {
                resources++;
            }
        }
    }

    /** Sends the records of each file, file by file; {@code afterFile} sees the counts after each. */
    public void publishFlows(List<Path> flowFiles, Consumer<Counts> afterFile) throws IOException {
        for (Path file : flowFiles) {
            byte[] document = Files.readAllBytes(file);
            String source = file.toString().replace('\\', '/');
            List<byte[]> split = FlowLogBlocks.records(document);
            if (split.size() == 1 && split.get(0) == document) {
                wholeDocuments++; // not a records list: published as it is
            }
            for (byte[] record : split) {
                String key = FlowLogRecordKey.of(record, source);
                if (key.equals(source)) {
                    keyedByFile++;
                } else {
                    keys.add(key);
                }
                send(new ProducerRecord<>(flowLogTopic, key, record), source);
                records++;
                bytes += record.length;
            }
            files++;
            afterFile.accept(counts());
        }
    }

    private void send(ProducerRecord<String, byte[]> record, String from) {
        Exception earlier = failure.get();
        if (earlier != null) {
            throw new IllegalStateException(earlier.getMessage(), earlier);
        }
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, new IllegalStateException("Kafka did not take a message of " + from + " for topic '"
                        + record.topic() + "': " + e.getMessage(), e));
            }
        });
    }

    /**
     * Waits until Kafka has acknowledged every message sent.
     *
     * @throws IllegalStateException naming the file and topic of the first message Kafka did not take
     */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Counts counts() {
        return new Counts(files, records, wholeDocuments, bytes, keys.size(), keyedByFile, snapshots, resources);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
