package io.nsgflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs documents through the Elasticsearch sink on a local Flink runtime, and reads them back. */
final class SinkJobs {

    static final ObjectMapper JSON = new ObjectMapper();

    private SinkJobs() {}

    static StreamExecutionEnvironment environment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        return env;
    }

    /** Writes the documents (bounded) and returns when the job has finished. */
    static void write(List<ElasticsearchDocument> documents, ElasticsearchSink sink) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromData(ElasticsearchDocument.class, documents.toArray(ElasticsearchDocument[]::new))
                .sinkTo(sink)
                .name("to Elasticsearch");
        env.execute("elasticsearch sink test");
    }

    /** The hits (with _id and _source) of the indices matching {@code indexPattern}; none if there is no such index. */
    static List<JsonNode> hits(ElasticsearchNode es, String indexPattern) throws Exception {
        String options = "allow_no_indices=true&ignore_unavailable=true";
        es.request("POST", "/" + indexPattern + "/_refresh?" + options, null);
        var response = es.request("GET", "/" + indexPattern + "/_search?size=10000&" + options, null);
        List<JsonNode> hits = new ArrayList<>();
        JSON.readTree(response.body()).path("hits").path("hits").forEach(hits::add);
        return hits;
    }

    static long count(ElasticsearchNode es, String indexPattern) throws Exception {
        String options = "allow_no_indices=true&ignore_unavailable=true";
        es.request("POST", "/" + indexPattern + "/_refresh?" + options, null);
        return JSON.readTree(es.request("GET", "/" + indexPattern + "/_count?" + options, null).body())
                .path("count").asLong();
    }
}
