package io.nsgflow.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer of the commands that write raw payloads to nsgflow's topics ({@code ingest-blobs},
 * {@code publish}): connected as {@code stream} connects ({@link KafkaOptions#clientProperties},
 * so the same TLS/SASL settings and {@value KafkaOptions#JAAS_CONFIG_ENV}), idempotent with
 * {@code acks=all}, so a retried send neither duplicates nor reorders the records of a partition.
 */
public final class KafkaProducers {

    /** Largest message: a flow-log record of a busy NIC can be a few MB. */
    public static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private KafkaProducers() {}

    /**
     * String keys, byte values.
     *
     * @param transactionalId the transactional id, or null for a producer without transactions
     */
    public static KafkaProducer<String, byte[]> open(Configuration conf, Map<String, String> env, String transactionalId) {
        Properties p = KafkaOptions.clientProperties(conf, env);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
