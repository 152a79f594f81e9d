package io.nsgflow.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in to Kafka once before the job is built, so that credentials or trust the brokers refuse
 * stop {@code stream} at start with a message naming the option, instead of a job that restarts
 * forever. A broker that does not answer in time is not an error here: the job waits for it as it
 * would after a broker restart.
 */
public final class KafkaLoginCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLoginCheck.class);

    private KafkaLoginCheck() {}

    /** @throws IllegalArgumentException when the brokers refuse the login, naming where it came from */
    public static void check(Configuration conf, Map<String, String> env, Duration timeout) {
        Properties p = KafkaOptions.clientProperties(conf, env);
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new IllegalArgumentException("Kafka at " + servers + " refused the login: " + cause.getMessage()
                        + ". Check " + loginSource(conf, env) + " and the security settings in --"
                        + KafkaOptions.PROPERTIES.key() + " (security.protocol, sasl.mechanism, ssl.truststore.*)");
            }
            LOG.warn("Kafka at {} did not answer the login check ({}); the job will keep trying", servers, cause.toString());
        } catch (TimeoutException e) {
            LOG.warn("Kafka at {} did not answer the login check within {}; the job will keep trying", servers, timeout);
        } catch (KafkaException e) {
            // the client refused its own configuration, e.g. a JAAS text it cannot parse
            throw new IllegalArgumentException("the Kafka client configuration is not usable: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")") + ". Check "
                    + loginSource(conf, env) + " and --" + KafkaOptions.PROPERTIES.key());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka login", e);
        }
    }

    /** Where the login came from: the environment variable wins over the properties option. */
    private static String loginSource(Configuration conf, Map<String, String> env) {
        String fromEnv = env.get(KafkaOptions.JAAS_CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return "the environment variable " + KafkaOptions.JAAS_CONFIG_ENV + " (sasl.jaas.config)";
        }
        if (conf.get(KafkaOptions.PROPERTIES).containsKey("sasl.jaas.config")) {
            return "sasl.jaas.config in --" + KafkaOptions.PROPERTIES.key();
        }
        return "the login (no sasl.jaas.config is set: neither the environment variable " + KafkaOptions.JAAS_CONFIG_ENV
                + " nor sasl.jaas.config in --" + KafkaOptions.PROPERTIES.key() + ")";
    }
}
