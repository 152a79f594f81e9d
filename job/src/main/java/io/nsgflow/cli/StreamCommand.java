package io.nsgflow.cli;

import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import io.nsgflow.stream.CommandLineConfiguration;
import io.nsgflow.stream.RawFlowLogPipeline;
import io.nsgflow.stream.StreamOptions;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code nsgflow stream}: the unbounded job. In this build it runs the issue-2 placeholder
 * pipeline (raw Kafka records into an Elasticsearch index).
 *
 * <p>It takes its environment from {@link StreamExecutionEnvironment#getExecutionEnvironment()}:
 * submitted with {@code flink run} or over the REST API it runs on that cluster; started with
 * {@code java -jar} it runs on a local runtime in this JVM.
 */
final class StreamCommand implements Command {

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public String summary() {
        return "run the job on Kafka flow-log and policy topics, writing to Elasticsearch and webhooks";
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            out.println("usage: nsgflow stream --kafka.bootstrap-servers HOST:PORT --elasticsearch.hosts URL [options]");
            out.println();
            StreamOptions.describe().forEach(out::println);
            return 0;
        }
        Configuration config;
        try {
            config = CommandLineConfiguration.parse(args, StreamOptions.ALL);
            StreamOptions.validate(config);
        } catch (IllegalArgumentException e) {
            err.println("nsgflow stream: " + e.getMessage());
            err.println("Run 'nsgflow stream --help' for the options.");
            return EXIT_USAGE;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(config.get(StreamOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setTopics(config.get(StreamOptions.FLOWLOG_TOPIC))
                .setGroupId(config.get(StreamOptions.KAFKA_GROUP_ID))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        ElasticsearchSink sink = ElasticsearchOptions.sink(config);
        RawFlowLogPipeline.build(env, source, config.get(StreamOptions.ELASTICSEARCH_INDEX), sink);
        env.execute("nsgflow stream");
        return 0;
    }
}
