package io.nsgflow.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Where nsgflow reads and writes Kafka, and how it connects (TLS, SASL). */
public final class KafkaOptions {

    /** A SASL JAAS configuration holds a password: it may come from this variable instead of the command line. */
    public static final String JAAS_CONFIG_ENV = "NSGFLOW_KAFKA_SASL_JAAS_CONFIG";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("kafka.group-id")
            .stringType()
            .defaultValue("nsgflow")
            .withDescription("Kafka consumer group id (offsets are committed on checkpoints).");

    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType()
            .defaultValue("committed")
            .withDescription("Where to start reading the flow-log topic without a checkpoint: committed (falling back to"
                    + " earliest), earliest or latest. The policy topic is always read from its start.");

    public static final ConfigOption<Map<String, String>> PROPERTIES = ConfigOptions.key("kafka.properties")
            .mapType()
            .defaultValue(Map.of())
            .withDescription("Further Kafka client properties, e.g. security.protocol:SASL_SSL,sasl.mechanism:SCRAM-SHA-512,"
                    + "ssl.truststore.location:/etc/kafka/truststore.jks. The JAAS configuration (it holds a password) is"
                    + " better given in the environment variable " + JAAS_CONFIG_ENV + ".");

    public static final ConfigOption<String> FLOWLOG_TOPIC = ConfigOptions.key("flowlog.topic")
            .stringType()
            .defaultValue("nsg-flowlogs")
            .withDescription("Kafka topic with raw Azure flow-log JSON (a blob document or a single record per message).");

    public static final ConfigOption<String> POLICY_TOPIC = ConfigOptions.key("policy.topic")
            .stringType()
            .defaultValue("nsg-policy")
            .withDescription("Kafka topic with policy messages: whole snapshots or single resources, each with effectiveFrom.");

    public static final ConfigOption<String> DEADLETTER_TOPIC = ConfigOptions.key("deadletter.topic")
            .stringType()
            .defaultValue("nsgflow-deadletters")
            .withDescription("Kafka topic that receives rejected input as JSON dead letters (reason, origin, payload).");

    private KafkaOptions() {}

    /** Fails with a message naming the option when one is missing or wrong. */
    public static void validate(Configuration conf) {
        String servers = conf.get(BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("option --" + BOOTSTRAP_SERVERS.key() + " is required");
        }
        String start = conf.get(STARTING_OFFSETS);
        if (!start.equals("committed") && !start.equals("earliest") && !start.equals("latest")) {
            throw new IllegalArgumentException("option --" + STARTING_OFFSETS.key()
                    + " must be committed, earliest or latest, was '" + start + "'");
        }
        for (ConfigOption<String> topic : new ConfigOption[] {FLOWLOG_TOPIC, POLICY_TOPIC, DEADLETTER_TOPIC}) {
            if (conf.get(topic).isBlank()) {
                throw new IllegalArgumentException("option --" + topic.key() + " must not be blank");
            }
        }
    }

    /** Client properties: {@link #PROPERTIES}, plus the JAAS configuration from the environment when set. */
    public static Properties clientProperties(Configuration conf, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(conf.get(PROPERTIES));
        String jaas = env.get(JAAS_CONFIG_ENV);
        if (jaas != null && !jaas.isBlank()) {
            p.setProperty("sasl.jaas.config", jaas);
        }
        return p;
    }
}
