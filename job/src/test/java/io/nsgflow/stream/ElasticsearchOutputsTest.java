package io.nsgflow.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nsgflow.aggregate.AggregateDocument;
import io.nsgflow.aggregate.AggregateKind;
import io.nsgflow.aggregate.FlowAggregate;
import io.nsgflow.alert.AlertDocument;
import io.nsgflow.drift.DriftDocument;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.sink.elasticsearch.IndexNames;
import io.nsgflow.sink.elasticsearch.IndexTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field the domain's documents carry has a mapping in its index template, of the right type;
 * the copies shipped in deploy/elasticsearch/index-templates are the job's.
 */
class ElasticsearchOutputsTest {

    private static final IndexNames NAMES = new IndexNames("nsgflow");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFieldOfADriftDocumentIsMapped() {
        JsonNode template = template(ElasticsearchOutputs.DRIFT);
        assertThat(unmapped(DriftDocument.of(OutputFixtures.finding("203.0.113.9", 50000)), template)).isEmpty();
        assertThat(type(template, "source.ip")).isEqualTo("ip");
        assertThat(type(template, "destination.ip")).isEqualTo("ip");
        assertThat(type(template, "@timestamp")).isEqualTo("date");
        assertThat(type(template, "rule.name")).isEqualTo("keyword");
        assertThat(type(template, "destination.port")).isEqualTo("long");
    }

    @Test
    void everyFieldOfAnAlertDocumentIsMapped() {
        JsonNode template = template(ElasticsearchOutputs.ALERTS);
        assertThat(unmapped(AlertDocument.of(OutputFixtures.alert()), template)).isEmpty();
        assertThat(type(template, "nsgflow.alert.count")).isEqualTo("long");
        assertThat(type(template, "event.severity")).isEqualTo("long");
    }

    @Test
    void aggregateFieldsAreMappedWithTheirTypes() {
        JsonNode template = template(ElasticsearchOutputs.AGGREGATES);
        Map<String, String> expected = Map.ofEntries(Map.entry("@timestamp", "date"),
                Map.entry("rule.name", "keyword"), Map.entry("rule.ruleset", "keyword"),
                Map.entry("nsgflow.aggregate.kind", "keyword"), Map.entry("nsgflow.aggregate.flows", "long"),
                Map.entry("nsgflow.aggregate.allowed", "long"), Map.entry("nsgflow.aggregate.denied", "long"),
                Map.entry("network.bytes", "long"), Map.entry("network.packets", "long"),
                Map.entry("source.subnet", "keyword"), Map.entry("destination.subnet", "keyword"),
                Map.entry("destination.port", "long"), Map.entry("network.transport", "keyword"),
                Map.entry("event.outcome", "keyword"), Map.entry("nsgflow.aggregate.peer", "ip"));
        expected.forEach((path, type) -> assertThat(type(template, path)).as(path).isEqualTo(type));
    }

    @Test
    void everyFieldOfEveryKindOfAggregateDocumentIsMapped() {
        JsonNode template = template(ElasticsearchOutputs.AGGREGATES);
        FlowAggregate rule = FlowAggregate.newBuilder().setKind(AggregateKind.RULE).setWindowStart(1_795_172_400_000L)
                .setRuleset("nsg-db").setRuleName("UserRule_AllowSql").setTuples(3).setFlows(1).setAllowed(1).setDenied(0)
                .setBytes(100).setPackets(2).build();
        FlowAggregate eastWest = FlowAggregate.newBuilder(rule).setKind(AggregateKind.EAST_WEST).setRuleset(null)
                .setRuleName(null).setSourceSubnet("/subscriptions/s/.../subnets/web")
                .setDestinationSubnet("/subscriptions/s/.../subnets/db").setDestinationPort(1433).setTransport("TCP")
                .setOutcome(io.nsgflow.flowlog.Decision.DENY).build();
        FlowAggregate northSouth = FlowAggregate.newBuilder(eastWest).setKind(AggregateKind.NORTH_SOUTH)
                .setSourceSubnet(null).setDestinationSubnet(null).setPeer("198.51.100.7")
                .setDirection(io.nsgflow.net.Direction.OUTBOUND).setOutcome(io.nsgflow.flowlog.Decision.ALLOW).build();
        for (FlowAggregate a : new FlowAggregate[] {rule, eastWest, northSouth}) {
            assertThat(unmapped(AggregateDocument.of(a), template)).as(a.getKind().name()).isEmpty();
        }
    }

    @Test
    void patternsAndNamesFollowThePrefix() {
        IndexNames acme = new IndexNames("acme");
        for (IndexTemplate t : ElasticsearchOutputs.templates()) {
            JsonNode template = t.forPrefix(acme);
            assertThat(template.path("index_patterns")).hasSize(1);
            assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("acme-" + t.kind() + "-*");
            assertThat(t.name(acme)).isEqualTo("acme-" + t.kind());
        }
        assertThat(ElasticsearchOutputs.templates()).extracting(IndexTemplate::kind)
                .containsExactly("drift", "alerts", "aggregates");
    }

    @Test
    void theTemplatesShippedInDeployAreTheJobsOwn() throws Exception {
        Path deploy = Path.of("..", "deploy", "elasticsearch", "index-templates");
        for (IndexTemplate t : ElasticsearchOutputs.templates()) {
            Path copy = deploy.resolve(t.kind() + ".json");
            assertThat(JSON.readTree(Files.readString(copy)))
                    .as("%s must be a copy of the job's template of kind %s (job/src/main/resources)", copy, t.kind())
                    .isEqualTo(JSON.readTree(t.body()));
        }
        assertThat(JSON.readTree(Files.readString(deploy.resolve("deadletter.json"))))
                .isEqualTo(JSON.readTree(new String(IndexNames.class.getResourceAsStream("deadletter.index-template.json")
                        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        try (var files = Files.list(deploy)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("drift.json", "alerts.json", "aggregates.json", "deadletter.json");
        }
    }

    private static JsonNode template(String kind) {
        return ElasticsearchOutputs.templates().stream().filter(t -> t.kind().equals(kind)).findFirst().orElseThrow()
                .forPrefix(NAMES);
    }

    private static JsonNode field(JsonNode template, String path) {
        JsonNode node = template.path("template").path("mappings");
        for (String part : path.split("\\.")) {
            node = node.path("properties").path(part);
        }
        return node;
    }

    private static String type(JsonNode template, String path) {
        return field(template, path).path("type").asText(null);
    }

    /** Leaf paths of {@code doc} with no mapping (a flattened field covers everything under it). */
    private static List<String> unmapped(JsonNode doc, JsonNode template) {
        List<String> unmapped = new ArrayList<>();
        collect(doc, "", template.path("template").path("mappings"), unmapped);
        return unmapped;
    }

    private static void collect(JsonNode value, String path, JsonNode mapping, List<String> unmapped) {
        if ("flattened".equals(mapping.path("type").asText())) {
            return;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                        mapping.path("properties").path(e.getKey()), unmapped);
            }
        } else if (value.isArray()) {
            value.forEach(element -> collect(element, path, mapping, unmapped));
        } else if (!value.isNull() && !mapping.has("type")) {
            unmapped.add(path);
        }
    }
}
