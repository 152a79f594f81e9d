package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real Elasticsearch node of the local stack: index with mappings, bulk, search, aggregation. */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bulkIndexedDocumentsCanBeSearchedAndAggregated(ElasticsearchNode es) throws Exception {
        String index = "es-it-" + System.nanoTime();
        HttpResponse<String> created = es.request("PUT", "/" + index, """
                {"mappings": {"properties": {
                  "ts": {"type": "date"}, "src_ip": {"type": "ip"}, "bytes": {"type": "long"},
                  "decision": {"type": "keyword"}}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        HttpResponse<String> bulk = es.request("POST", "/" + index + "/_bulk?refresh=true", """
                {"index":{}}
                {"ts":"2026-11-22T10:00:00Z","src_ip":"10.0.0.4","bytes":100,"decision":"allow"}
                {"index":{}}
                {"ts":"2026-11-22T10:00:30Z","src_ip":"10.0.0.5","bytes":250,"decision":"deny"}
                {"index":{}}
                {"ts":"2026-11-22T10:01:10Z","src_ip":"10.0.1.9","bytes":50,"decision":"allow"}
                """);
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(JSON.readTree(bulk.body()).path("errors").asBoolean()).as(bulk.body()).isFalse();

        HttpResponse<String> search = es.request("POST", "/" + index + "/_search", """
                {"query": {"term": {"src_ip": "10.0.0.0/24"}},
                 "aggs": {"by_decision": {"terms": {"field": "decision"}, "aggs": {"bytes": {"sum": {"field": "bytes"}}}}}}""");
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(search.body());
        // 10.0.0.4 and 10.0.0.5 are in 10.0.0.0/24, 10.0.1.9 is not
        assertThat(answer.path("hits").path("total").path("value").asInt()).isEqualTo(2);
        JsonNode buckets = answer.path("aggregations").path("by_decision").path("buckets");
        assertThat(buckets).hasSize(2);
        for (JsonNode bucket : buckets) {
            long expectedBytes = bucket.path("key").asText().equals("allow") ? 100 : 250;
            assertThat(bucket.path("bytes").path("value").asDouble()).isEqualTo(expectedBytes);
        }
    }
}
