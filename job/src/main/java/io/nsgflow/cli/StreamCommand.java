package io.nsgflow.cli;

import io.nsgflow.kafka.KafkaConnectors;
import io.nsgflow.kafka.KafkaLoginCheck;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
import io.nsgflow.stream.ElasticsearchOutputs;
import io.nsgflow.stream.PolicyAtStart;
import io.nsgflow.stream.StreamJob;
import io.nsgflow.stream.StreamOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code nsgflow stream}: the unbounded job, Kafka in, Elasticsearch and the dead-letter topic out.
 *
 * <p>It takes its environment from {@link StreamExecutionEnvironment#getExecutionEnvironment()}:
 * submitted with {@code flink run} or over the REST API it runs on that cluster; started with
 * {@code java -jar} it runs on a local runtime in this JVM.
 */
final class StreamCommand extends OptionCommand {

    /** How long the login check at start waits for Kafka before leaving it to the job. */
    private static final Duration KAFKA_LOGIN_TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public String summary() {
        return "run the job on Kafka flow-log and policy topics, writing to Elasticsearch and a dead-letter topic";
    }

    @Override
    List<ConfigOption<?>> options() {
        return StreamOptions.ALL;
    }

    @Override
    Set<String> required() {
        return StreamOptions.REQUIRED;
    }

    @Override
    String usage() {
        return "--kafka.bootstrap-servers HOST:PORT --elasticsearch.hosts URL [options]";
    }

    @Override
    List<String> epilogue() {
        return List.of("Credentials from the environment where the job runs: " + ElasticsearchOptions.PASSWORD_ENV
                + " or " + ElasticsearchOptions.API_KEY_ENV + ", " + KafkaOptions.JAAS_CONFIG_ENV + ", "
                + WebhookOptions.SECRET_ENV + ", " + WebhookOptions.BEARER_TOKEN_ENV + ", "
                + WebhookOptions.TRUSTSTORE_PASSWORD_ENV + ".",
                "Exit codes: 0 the job finished (or was submitted); 2 bad options.");
    }

    @Override
    int run(CommandLineConfiguration.CommandLine commandLine, InputStream in, PrintStream out, PrintStream err)
            throws Exception {
        Configuration config = commandLine.config();
        List<PolicyUpdate> initialPolicy;
        try {
            StreamOptions.validate(config);
            initialPolicy = new ArrayList<>(initialPolicy(config));
            KafkaLoginCheck.check(config, System.getenv(), KAFKA_LOGIN_TIMEOUT);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        if (config.get(StreamOptions.POLICY_READ_AT_START)) {
            initialPolicy.addAll(PolicyAtStart.read(config, System.getenv(),
                    config.get(StreamOptions.POLICY_READ_AT_START_TIMEOUT)));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(config.get(StreamOptions.CHECKPOINT_INTERVAL).toMillis());
        StreamJob.build(config, StreamJob.Sources.kafka(env, config),
                new StreamJob.Sinks(ElasticsearchOptions.sink(config, ElasticsearchOutputs.templates()), KafkaConnectors.deadLetters(config)),
                initialPolicy);
        env.execute("nsgflow stream");
        return 0;
    }

    private static List<PolicyUpdate> initialPolicy(Configuration config) {
        String file = config.get(StreamOptions.POLICY_SNAPSHOT);
        if (file == null) {
            return List.of();
        }
        try {
            return List.of(PolicyUpdates.readFile(Files.readString(Path.of(file), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException("option --" + StreamOptions.POLICY_SNAPSHOT.key() + " " + file
                    + ": cannot read: " + e.getMessage());
        } catch (PolicyValidationException e) {
            throw new IllegalArgumentException("option --" + StreamOptions.POLICY_SNAPSHOT.key() + " " + file + ": "
                    + e.getMessage());
        }
    }
}
