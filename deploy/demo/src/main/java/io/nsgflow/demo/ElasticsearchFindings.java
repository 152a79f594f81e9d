package io.nsgflow.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the job wrote to Elasticsearch, asked with counts and aggregations over its daily indices. */
final class ElasticsearchFindings {

    /** One bucket of a ranking: its key(s) and the summed measure. */
    record Ranked(String key, long value) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchNode es;
    private final String prefix;

    ElasticsearchFindings(ElasticsearchNode es, String prefix) {
        this.es = es;
        this.prefix = prefix;
    }

    /** Documents in all daily indices of a kind (drift, alerts, aggregates); 0 before the first one. */
    long count(String kind) {
        JsonNode r = call("GET", "/" + pattern(kind) + "/_count", null);
        return r.path("count").asLong();
    }

    /** Drift findings per nsgflow.drift.type. */
    Map<String, Long> driftPerType() {
        JsonNode r = call("POST", "/" + pattern("drift") + "/_search?size=0", """
                {"aggs":{"t":{"terms":{"field":"nsgflow.drift.type","size":20}}}}""");
        Map<String, Long> out = new LinkedHashMap<>();
        r.path("aggregations").path("t").path("buckets")
                .forEach(b -> out.put(b.path("key").asText(), b.path("doc_count").asLong()));
        return out;
    }

    /** Rules by connections begun (sum of nsgflow.aggregate.flows over the per-rule aggregates). */
    List<Ranked> topRules(int n) {
        JsonNode r = call("POST", "/" + pattern("aggregates") + "/_search?size=0", """
                {"query":{"term":{"nsgflow.aggregate.kind":"rule"}},
                 "aggs":{"r":{"multi_terms":{"terms":[{"field":"rule.ruleset"},{"field":"rule.name"}],
                   "size":%d,"order":{"flows":"desc"}},
                   "aggs":{"flows":{"sum":{"field":"nsgflow.aggregate.flows"}}}}}}""".formatted(n));
        return ranked(r.path("aggregations").path("r"), "flows");
    }

    /** External peers by bytes (sum of network.bytes over the north-south aggregates). */
    List<Ranked> topExternalPeers(int n) {
        return topBy("north_south", "nsgflow.aggregate.peer", n);
    }

    /** Source subnets of east-west traffic by bytes. */
    List<Ranked> topEastWestSources(int n) {
        return topBy("east_west", "source.subnet", n);
    }

    private List<Ranked> topBy(String kind, String field, int n) {
        JsonNode r = call("POST", "/" + pattern("aggregates") + "/_search?size=0", """
                {"query":{"term":{"nsgflow.aggregate.kind":"%s"}},
                 "aggs":{"t":{"terms":{"field":"%s","size":%d,"order":{"bytes":"desc"}},
                   "aggs":{"bytes":{"sum":{"field":"network.bytes"}}}}}}""".formatted(kind, field, n));
        return ranked(r.path("aggregations").path("t"), "bytes");
    }

    private static List<Ranked> ranked(JsonNode agg, String measure) {
        List<Ranked> out = new ArrayList<>();
        for (JsonNode b : agg.path("buckets")) {
            String key = b.has("key_as_string") ? b.path("key_as_string").asText() : b.path("key").asText();
            out.add(new Ranked(key, b.path(measure).path("value").asLong()));
        }
        return out;
    }

    void refresh() {
        call("POST", "/" + prefix + "-*/_refresh", null);
    }

    private String pattern(String kind) {
        return prefix + "-" + kind + "-*";
    }

    private JsonNode call(String method, String path, String body) {
        HttpResponse<String> response = es.request(method, path, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Elasticsearch " + method + " " + path + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
