package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.sink.elasticsearch.PlaceholderElasticsearchSink;
import io.nsgflow.stream.RawFlowLogPipeline;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placeholder pipeline on a local Flink runtime, with a bounded file source swapped in for
 * Kafka, writing to the real Elasticsearch of the local stack.
 */
@ExtendWith(ElasticsearchExtension.class)
class PlaceholderPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNonBlankLineBecomesOneDocument(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("flows.txt"), "a\n\n  \n{\"b\":1}\nc d\n");
        String index = "pipeline-it-" + System.nanoTime();

        run(input, es, index, 2);

        es.request("POST", "/" + index + "/_refresh", null);
        List<String> raw = new ArrayList<>();
        JSON.readTree(es.request("GET", "/" + index + "/_search?size=100", null).body())
                .path("hits").path("hits").forEach(hit -> raw.add(hit.path("_source").path("raw").asText()));
        assertThat(raw).containsExactlyInAnyOrder("a", "{\"b\":1}", "c d");
    }

    @Test
    void documentsElasticsearchRefusesFailTheJobWithTheReason(ElasticsearchNode es, @TempDir Path dir)
            throws Exception {
        String index = "pipeline-it-strict-" + System.nanoTime();
        // a strict mapping without the "raw" field: every document is refused
        assertThat(es.request("PUT", "/" + index,
                "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"other\":{\"type\":\"keyword\"}}}}")
                .statusCode()).isEqualTo(200);
        Path input = Files.writeString(dir.resolve("flows.txt"), "x\n");

        assertThatThrownBy(() -> run(input, es, index, 500))
                .rootCause()
                .hasMessageContaining("Elasticsearch refused documents for index " + index)
                .hasMessageContaining("strict_dynamic_mapping_exception");
    }

    private static void run(Path input, ElasticsearchNode es, String index, int maxActions) throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(), new org.apache.flink.core.fs.Path(input.toUri()))
                .build();
        RawFlowLogPipeline.build(env, source,
                new PlaceholderElasticsearchSink(List.of(URI.create(es.url())), index, maxActions, Duration.ofSeconds(1)));
        env.execute("placeholder pipeline test");
    }
}
