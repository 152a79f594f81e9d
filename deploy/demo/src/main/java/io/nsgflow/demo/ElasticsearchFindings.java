package io.nsgflow.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.localstack.ElasticsearchNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * Documents in all daily indices of a kind (drift, alerts, aggregates); 0 before the first one,
     * -1 while Elasticsearch cannot count them (a new index whose shard is not yet allocated).
     */
    long count(String kind) {
        HttpResponse<String> response = es.request("GET", "/" + pattern(kind) + "/_count", null);
        return response.statusCode() == 200 ? parse(response.body()).path("count").asLong() : -1;
    }

    /** Documents of a kind with @timestamp at or after {@code from}; -1 while Elasticsearch cannot count them. */
    long countFrom(String kind, java.time.Instant from) {
        HttpResponse<String> response = es.request("POST", "/" + pattern(kind) + "/_count",
                "{\"query\":{\"range\":{\"@timestamp\":{\"gte\":\"" + from + "\"}}}}");
        return response.statusCode() == 200 ? parse(response.body()).path("count").asLong() : -1;
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

    /**
     * Rules by connections begun (sum of nsgflow.aggregate.flows over the per-rule aggregates), as
     * "ruleset | name". Nested terms, not multi_terms: that one needs X-Pack, which the local node lacks.
     */
    List<Ranked> topRules(int n) {
        JsonNode r = call("POST", "/" + pattern("aggregates") + "/_search?size=0", """
                {"query":{"term":{"nsgflow.aggregate.kind":"rule"}},
                 "aggs":{"set":{"terms":{"field":"rule.ruleset","size":200},
                   "aggs":{"rule":{"terms":{"field":"rule.name","size":200},
                     "aggs":{"flows":{"sum":{"field":"nsgflow.aggregate.flows"}}}}}}}}""");
        List<Ranked> out = new ArrayList<>();
        for (JsonNode set : r.path("aggregations").path("set").path("buckets")) {
            for (JsonNode rule : set.path("rule").path("buckets")) {
                out.add(new Ranked(set.path("key").asText() + " | " + rule.path("key").asText(),
                        rule.path("flows").path("value").asLong()));
            }
        }
        out.sort(Comparator.comparingLong(Ranked::value).reversed());
        return out.subList(0, Math.min(n, out.size()));
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

    /** An alert as indexed: its id, type, entity, severity, when it was last seen and every host involved (related.ip). */
    record AlertSeen(String id, String type, String entity, String severity, String lastSeen, List<String> related) {}

    /** The alerts (at most 1000), in the order they were last seen. */
    List<AlertSeen> alerts() {
        JsonNode r = call("POST", "/" + pattern("alerts") + "/_search?size=1000", """
                {"sort":[{"@timestamp":"asc"}],"_source":["event.id","nsgflow.alert","related.ip"]}""");
        List<AlertSeen> out = new ArrayList<>();
        for (JsonNode h : r.path("hits").path("hits")) {
            JsonNode a = h.path("_source");
            List<String> related = new ArrayList<>();
            a.at("/related/ip").forEach(ip -> related.add(ip.asText()));
            out.add(new AlertSeen(a.at("/event/id").asText(), a.at("/nsgflow/alert/type").asText(),
                    a.at("/nsgflow/alert/entity").asText(), a.at("/nsgflow/alert/severity").asText(),
                    a.at("/nsgflow/alert/last_seen").asText(), related));
        }
        return out;
    }

    /** Makes what was indexed searchable; best effort (a shard still starting fails it, searches then see a moment less). */
    void refresh() {
        es.request("POST", "/" + prefix + "-*/_refresh", null);
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
        return parse(response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
