package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import com.fasterxml.jackson.databind.JsonNode;
import io.nsgflow.sink.elasticsearch.ElasticsearchConnection;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
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
 * Kafka, writing through the Elasticsearch sink to the real Elasticsearch of the local stack.
 */
@ExtendWith(ElasticsearchExtension.class)
class PlaceholderPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNonBlankLineBecomesOneDocument(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("flows.txt"), "a\n\n  \n{\"b\":1}\nc d\n");
        String prefix = "pipeline-it-" + System.nanoTime();
        String index = prefix + "-raw";

        run(input, es, prefix, index, 2);

        assertThat(sources(es, index).stream().map(doc -> doc.path("raw").asText()))
                .containsExactlyInAnyOrder("a", "{\"b\":1}", "c d");
    }

    @Test
    void documentsElasticsearchRefusesGoToTheDeadLetterIndexWithTheReason(ElasticsearchNode es, @TempDir Path dir)
            throws Exception {
        String prefix = "pipeline-it-strict-" + System.nanoTime();
        String index = prefix + "-raw";
        // a strict mapping without the "raw" field: every document is refused
        assertThat(es.request("PUT", "/" + index,
                "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"other\":{\"type\":\"keyword\"}}}}")
                .statusCode()).isEqualTo(200);
        Path input = Files.writeString(dir.resolve("flows.txt"), "x\n");

        run(input, es, prefix, index, 500);

        assertThat(sources(es, index)).isEmpty();
        List<JsonNode> deadLetters = sources(es, prefix + "-deadletter-*");
        assertThat(deadLetters).hasSize(1);
        JsonNode deadLetter = deadLetters.get(0);
        assertThat(deadLetter.path("stage").asText()).isEqualTo("elasticsearch-sink");
        assertThat(deadLetter.path("reason").asText()).isEqualTo("MAPPING_ERROR");
        assertThat(deadLetter.path("message").asText()).contains("strict_dynamic_mapping_exception");
        assertThat(JSON.readTree(deadLetter.path("payload").asText()).path("raw").asText()).isEqualTo("x");
    }

    private static List<JsonNode> sources(ElasticsearchNode es, String index) throws Exception {
        es.request("POST", "/" + index + "/_refresh?allow_no_indices=true&ignore_unavailable=true", null);
        List<JsonNode> sources = new ArrayList<>();
        JSON.readTree(es.request("GET", "/" + index + "/_search?size=100&allow_no_indices=true&ignore_unavailable=true",
                null).body()).path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
        return sources;
    }

    private static void run(Path input, ElasticsearchNode es, String prefix, String index, int maxActions)
            throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(), new org.apache.flink.core.fs.Path(input.toUri()))
                .build();
        ElasticsearchSink sink = ElasticsearchSink.builder(ElasticsearchConnection.of(URI.create(es.url())))
                .indexPrefix(prefix)
                .maxBatchSize(maxActions)
                .maxTimeInBuffer(Duration.ofSeconds(1))
                .build();
        RawFlowLogPipeline.build(env, source, index, sink);
        env.execute("placeholder pipeline test");
    }
}
