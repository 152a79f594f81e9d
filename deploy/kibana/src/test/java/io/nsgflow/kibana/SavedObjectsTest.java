package io.nsgflow.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kibana/nsgflow-saved-objects.ndjson against the index templates the job installs: Kibana
 * cannot run here, so this is what stands between a renamed field and a dashboard of empty panels.
 */
class SavedObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NDJSON = Path.of(System.getProperty("nsgflow.saved-objects", "nsgflow-saved-objects.ndjson"));
    private static final Path GENERATOR = Path.of(System.getProperty("nsgflow.saved-objects.generator", "saved_objects.py"));
    private static final Path TEMPLATES = Path.of(System.getProperty("nsgflow.index-templates", "../elasticsearch/index-templates"));

    @Test
    void everyVisualizationAndSearchUsesFieldsTheTemplatesMapWithTypesThatSupportTheUse() throws Exception {
        SavedObjectsValidator.Report report = validate(objects(), templates());

        assertThat(report.problems()).isEmpty();
        // the check looked at the fields: a hand-picked sample of what the panels use, per template
        assertThat(report.usedFields().get("alerts")).contains("@timestamp", "nsgflow.alert.type",
                "nsgflow.alert.severity", "nsgflow.alert.entity", "threat.technique.id", "related.ip",
                "nsgflow.alert.rules.name", "nsgflow.alert.path.rule", "nsgflow.alert.segmentation_gap");
        assertThat(report.usedFields().get("drift")).contains("nsgflow.drift.type", "nsgflow.drift.observed.nsg",
                "nsgflow.drift.observed.decision", "nsgflow.drift.expected.decision", "nsgflow.drift.expected.rule",
                "nsgflow.policy.version", "rule.ruleset", "rule.name", "source.ip", "destination.port");
        assertThat(report.usedFields().get("aggregates")).contains("nsgflow.aggregate.kind", "nsgflow.aggregate.peer",
                "nsgflow.aggregate.flows", "nsgflow.aggregate.allowed", "nsgflow.aggregate.denied", "network.bytes",
                "source.subnet", "destination.subnet", "destination.port", "network.direction");
        assertThat(report.usedFields().get("deadletter")).contains("reason", "stage", "origin.kind");
    }

    @Test
    void theFileHoldsTheDataViewsAndDashboardsUnderStableIds() throws Exception {
        Map<String, Set<String>> idsByType = objects().stream().collect(Collectors.groupingBy(
                o -> o.path("type").asText(), TreeMap::new, Collectors.mapping(o -> o.path("id").asText(), Collectors.toCollection(TreeSet::new))));

        // README links to these ids, and a re-import overwrites exactly these: they never change
        assertThat(idsByType.get("index-pattern")).containsExactlyInAnyOrder("nsgflow-alerts", "nsgflow-drift",
                "nsgflow-aggregates", "nsgflow-deadletter");
        assertThat(idsByType.get("dashboard")).containsExactlyInAnyOrder("nsgflow-overview", "nsgflow-rule-drift",
                "nsgflow-lateral-movement", "nsgflow-traffic", "nsgflow-ingest-health");
        assertThat(idsByType.keySet()).containsExactlyInAnyOrder("index-pattern", "search", "lens", "dashboard");
        Map<String, String> viewTitles = new TreeMap<>();
        objects().stream().filter(o -> o.path("type").asText().equals("index-pattern"))
                .forEach(o -> viewTitles.put(o.path("id").asText(), o.path("attributes").path("title").asText()));
        assertThat(viewTitles).containsExactlyInAnyOrderEntriesOf(Map.of("nsgflow-alerts", "nsgflow-alerts-*",
                "nsgflow-drift", "nsgflow-drift-*", "nsgflow-aggregates", "nsgflow-aggregates-*",
                "nsgflow-deadletter", "nsgflow-deadletter-*"));
    }

    @Test
    void removingAnyUsedFieldFromItsTemplateFailsTheCheckNamingTheField() throws Exception {
        List<JsonNode> objects = objects();
        Map<String, JsonNode> templates = templateJson();
        Map<String, Set<String>> used = validate(objects, templates()).usedFields();
        int mutations = 0;
        for (Map.Entry<String, Set<String>> e : used.entrySet()) {
            for (String field : e.getValue()) {
                Map<String, JsonNode> mutated = copy(templates);
                removeField(mutated.get(e.getKey()), field);

                List<String> problems = validate(objects, fields(mutated)).problems();

                assertThat(problems).as("without %s in %s", field, e.getKey())
                        .anySatisfy(p -> assertThat(p).contains(field).contains("does not map"));
                mutations++;
            }
        }
        assertThat(mutations).isGreaterThan(40);
    }

    @Test
    void aRenamedFieldOrAFieldThatIsNoLongerAggregatableFailsTheCheck() throws Exception {
        Map<String, JsonNode> renamed = copy(templateJson());
        ObjectNode rule = (ObjectNode) properties(renamed.get("aggregates"), "rule");
        rule.set("title", rule.remove("name"));
        assertThat(validate(objects(), fields(renamed)).problems())
                .anySatisfy(p -> assertThat(p).contains("nsgflow-traffic-per-rule").contains("rule.name").contains("does not map"));

        Map<String, JsonNode> text = copy(templateJson());
        ((ObjectNode) properties(text.get("drift"), "nsgflow.drift").get("type")).set("type", TextNode.valueOf("text"));
        assertThat(validate(objects(), fields(text)).problems())
                .anySatisfy(p -> assertThat(p).contains("nsgflow-overview-drift-by-type").contains("nsgflow.drift.type")
                        .contains("not aggregatable"));

        Map<String, JsonNode> keywordBytes = copy(templateJson());
        ((ObjectNode) properties(keywordBytes.get("aggregates"), "network").get("bytes")).set("type", TextNode.valueOf("keyword"));
        assertThat(validate(objects(), fields(keywordBytes)).problems())
                .anySatisfy(p -> assertThat(p).contains("sum of network.bytes, a keyword field"));
    }

    @Test
    void aMissingObjectOrAMisplacedPanelFailsTheCheck() throws Exception {
        List<JsonNode> withoutALens = new ArrayList<>(objects());
        withoutALens.removeIf(o -> o.path("id").asText().equals("nsgflow-traffic-per-rule"));
        assertThat(validate(withoutALens, templates()).problems())
                .anySatisfy(p -> assertThat(p).startsWith("dashboard:nsgflow-traffic").contains("lens:nsgflow-traffic-per-rule")
                        .contains("not in the file"));

        List<JsonNode> overlapping = new ArrayList<>();
        for (JsonNode o : objects()) {
            JsonNode c = o.deepCopy();
            if (c.path("id").asText().equals("nsgflow-overview")) {
                ObjectNode a = (ObjectNode) c.path("attributes");
                JsonNode panels = JSON.readTree(a.path("panelsJSON").asText());
                ((ObjectNode) panels.get(1).get("gridData")).put("x", 0);
                a.put("panelsJSON", panels.toString());
            }
            overlapping.add(c);
        }
        assertThat(validate(overlapping, templates()).problems())
                .anySatisfy(p -> assertThat(p).startsWith("dashboard:nsgflow-overview panel p2").contains("overlaps"));

        List<JsonNode> tooNew = new ArrayList<>();
        for (JsonNode o : objects()) {
            JsonNode c = o.deepCopy();
            if (c.path("type").asText().equals("lens")) {
                ((ObjectNode) c).put("typeMigrationVersion", "10.1.0");
            }
            tooNew.add(c);
        }
        assertThat(validate(tooNew, templates()).problems()).anySatisfy(p -> assertThat(p).contains("typeMigrationVersion"));

        List<JsonNode> badAccessor = new ArrayList<>();
        for (JsonNode o : objects()) {
            JsonNode c = o.deepCopy();
            if (c.path("id").asText().equals("nsgflow-traffic-allowed-denied")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) c.at("/attributes/state/visualization/layers/0/accessors")).add("zz");
                ((ObjectNode) c.at("/attributes/state/visualization/layers/0")).put("xAccessor", "a");
            }
            badAccessor.add(c);
        }
        assertThat(validate(badAccessor, templates()).problems())
                .anySatisfy(p -> assertThat(p).isEqualTo("lens:nsgflow-traffic-allowed-denied: the visualization shows column 'zz', not in the layer"))
                .anySatisfy(p -> assertThat(p).isEqualTo("lens:nsgflow-traffic-allowed-denied: column a is a metric where a bucket belongs"));
    }

    @Test
    void theCommittedFileIsWhatTheGeneratorWrites() throws Exception {
        String python = new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, GENERATOR.toString(), "-").redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(new String(out, StandardCharsets.UTF_8))
                .as("edit deploy/kibana/saved_objects.py and run it; do not edit the NDJSON by hand")
                .isEqualTo(Files.readString(NDJSON));
    }

    // ---- helpers ----

    private static SavedObjectsValidator.Report validate(List<JsonNode> objects, List<IndexTemplateFields> templates) {
        return SavedObjectsValidator.validate(objects, templates);
    }

    private static List<JsonNode> objects() throws Exception {
        List<String> problems = new ArrayList<>();
        List<JsonNode> objects = SavedObjectsValidator.parse(Files.readString(NDJSON), problems);
        assertThat(problems).isEmpty();
        return objects;
    }

    private static Map<String, JsonNode> templateJson() throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.put(f.getFileName().toString().replace(".json", ""), JSON.readTree(f.toFile()));
            }
        }
        assertThat(out).containsKeys("alerts", "drift", "aggregates", "deadletter");
        return out;
    }

    private static List<IndexTemplateFields> templates() throws Exception {
        return fields(templateJson());
    }

    private static List<IndexTemplateFields> fields(Map<String, JsonNode> json) {
        return json.entrySet().stream().map(e -> IndexTemplateFields.of(e.getKey(), e.getValue())).toList();
    }

    private static Map<String, JsonNode> copy(Map<String, JsonNode> templates) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        templates.forEach((k, v) -> out.put(k, v.deepCopy()));
        return out;
    }

    /** The properties node of object path {@code dotted} ("" for the root). */
    private static JsonNode properties(JsonNode template, String dotted) {
        JsonNode node = template.path("template").path("mappings").path("properties");
        if (!dotted.isEmpty()) {
            for (String part : dotted.split("\\.")) {
                node = node.path(part).path("properties");
            }
        }
        return node;
    }

    private static void removeField(JsonNode template, String field) {
        int dot = field.lastIndexOf('.');
        JsonNode parent = properties(template, dot < 0 ? "" : field.substring(0, dot));
        assertThat(((ObjectNode) parent).remove(field.substring(dot + 1))).as(field).isNotNull();
    }
}
