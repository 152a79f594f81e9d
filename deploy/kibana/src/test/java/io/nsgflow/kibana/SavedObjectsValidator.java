package io.nsgflow.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.kibana.IndexTemplateFields.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Kibana saved objects (an export NDJSON) without a Kibana: every field a Lens visualization
 * or saved search uses is mapped by the index template behind its data view, with a type that
 * supports the use; every reference resolves to an object of the file; dashboards lay out their
 * panels on the grid; every object carries what Kibana 8.19's saved-objects import needs.
 */
final class SavedObjectsValidator {

    /**
     * Per type, the newest migration version known to be one Kibana 8.19 has: an object at or below it is
     * migrated up on import; one above a version Kibana does not know is refused.
     */
    static final Map<String, String> MAX_TYPE_MIGRATION_VERSION = Map.of(
            "index-pattern", "8.0.0", "search", "8.0.0", "lens", "8.9.0", "dashboard", "10.2.0");
    static final String CORE_MIGRATION_VERSION = "8.8.0";
    /** Attributes the dashboard schema (model version 2) accepts; it forbids any other. */
    private static final Set<String> DASHBOARD_ATTRIBUTES = Set.of("title", "description", "kibanaSavedObjectMeta",
            "timeRestore", "timeFrom", "timeTo", "refreshInterval", "controlGroupInput", "panelsJSON", "optionsJSON",
            "hits", "version");
    private static final Set<String> METRICS_ON_NUMBERS = Set.of("sum", "average", "median", "standard_deviation",
            "percentile", "percentile_rank", "cumulative_sum", "moving_average", "counter_rate", "differences");
    private static final Set<String> METRICS_ON_NUMBERS_OR_DATES = Set.of("min", "max");
    private static final int GRID_COLUMNS = 48;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** A KQL field reference: a name followed by a colon or a range operator. */
    private static final Pattern KQL_FIELD = Pattern.compile("(?<![\\w.@\"*])([A-Za-z@_][A-Za-z0-9_.@]*)\\s*(?::|<=|>=|<|>)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> byKey = new LinkedHashMap<>();
    private final List<IndexTemplateFields> templates;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Set<String>> used = new TreeMap<>();

    private SavedObjectsValidator(List<JsonNode> objects, List<IndexTemplateFields> templates) {
        this.templates = templates;
        for (JsonNode o : objects) {
            String key = o.path("type").asText() + ":" + o.path("id").asText();
            if (byKey.put(key, o) != null) {
                problems.add(key + ": the file holds it twice");
            }
        }
    }

    /** The outcome: problems (empty when the file is good) and the fields used, per index template. */
    record Report(List<String> problems, Map<String, Set<String>> usedFields) {}

    static Report validate(List<JsonNode> objects, List<IndexTemplateFields> templates) {
        SavedObjectsValidator v = new SavedObjectsValidator(objects, templates);
        v.run();
        return new Report(List.copyOf(v.problems), v.used);
    }

    /** Parses NDJSON text, one object per line, reporting lines that are not JSON objects as problems. */
    static List<JsonNode> parse(String ndjson, List<String> problems) {
        List<JsonNode> out = new ArrayList<>();
        String[] lines = ndjson.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines[i]);
                if (!node.isObject()) {
                    problems.add("line " + (i + 1) + ": not a JSON object");
                } else if (node.has("exportedCount")) {
                    problems.add("line " + (i + 1) + ": an export summary line, not a saved object");
                } else {
                    out.add(node);
                }
            } catch (Exception e) {
                problems.add("line " + (i + 1) + ": not JSON: " + e.getMessage());
            }
        }
        return out;
    }

    private void run() {
        for (Map.Entry<String, JsonNode> e : byKey.entrySet()) {
            JsonNode o = e.getValue();
            String key = e.getKey();
            importable(key, o);
            references(key, o);
            switch (o.path("type").asText()) {
                case "index-pattern" -> dataView(key, o);
                case "lens" -> lens(key, o);
                case "search" -> search(key, o);
                case "dashboard" -> dashboard(key, o);
                default -> problems.add(key + ": type " + o.path("type").asText() + " is not one this file should hold");
            }
        }
        for (Map.Entry<String, JsonNode> e : byKey.entrySet()) {
            String type = e.getValue().path("type").asText();
            if ((type.equals("lens") || type.equals("search")) && !onSomeDashboard(e.getValue())) {
                problems.add(e.getKey() + ": on no dashboard");
            }
        }
    }

    // ---- what every object needs for _import ----

    private void importable(String key, JsonNode o) {
        String id = o.path("id").asText("");
        if (!ID.matcher(id).matches() || !id.startsWith("nsgflow-")) {
            problems.add(key + ": id must be a stable lower-case name starting with nsgflow-");
        }
        if (!o.path("attributes").isObject()) {
            problems.add(key + ": no attributes object");
        } else if (o.path("attributes").path("title").asText("").isBlank()) {
            problems.add(key + ": no title");
        }
        if (!o.path("references").isArray()) {
            problems.add(key + ": references must be an array");
        }
        if (!CORE_MIGRATION_VERSION.equals(o.path("coreMigrationVersion").asText())) {
            problems.add(key + ": coreMigrationVersion must be " + CORE_MIGRATION_VERSION);
        }
        String max = MAX_TYPE_MIGRATION_VERSION.get(o.path("type").asText());
        String version = o.path("typeMigrationVersion").asText("");
        if (max != null && (!version.matches("\\d+\\.\\d+\\.\\d+") || compareVersions(version, max) > 0)) {
            problems.add(key + ": typeMigrationVersion '" + version + "' is missing or newer than Kibana 8.19's " + max);
        }
        if (o.has("namespaces") || o.has("originId")) {
            problems.add(key + ": namespaces/originId tie the object to a space; the import's space flag decides");
        }
    }

    private void references(String key, JsonNode o) {
        Set<String> names = new HashSet<>();
        for (JsonNode ref : o.path("references")) {
            String target = ref.path("type").asText() + ":" + ref.path("id").asText();
            if (ref.path("name").asText("").isEmpty()) {
                problems.add(key + ": a reference without a name");
            } else if (!names.add(ref.path("name").asText())) {
                problems.add(key + ": reference name " + ref.path("name").asText() + " used twice");
            }
            if (!byKey.containsKey(target)) {
                problems.add(key + ": reference " + ref.path("name").asText() + " to " + target + " is not in the file");
            }
        }
    }

    private JsonNode reference(JsonNode o, String name) {
        for (JsonNode ref : o.path("references")) {
            if (name.equals(ref.path("name").asText())) {
                return ref;
            }
        }
        return null;
    }

    // ---- data views ----

    private void dataView(String key, JsonNode o) {
        JsonNode a = o.path("attributes");
        IndexTemplateFields t = templateFor(a.path("title").asText());
        if (t == null) {
            problems.add(key + ": no index template has the pattern " + a.path("title").asText());
            return;
        }
        String timeField = a.path("timeFieldName").asText("");
        Field f = t.field(timeField);
        use(t, timeField);
        if (f == null || !f.date()) {
            problems.add(key + ": time field '" + timeField + "' is not a date field of " + t.name());
        }
        if (a.has("fieldFormatMap")) {
            JsonNode formats = jsonString(key, "fieldFormatMap", a.path("fieldFormatMap"));
            if (formats != null) {
                formats.fieldNames().forEachRemaining(field -> mapped(key + ": field format", t, field));
            }
        }
    }

    private IndexTemplateFields templateFor(String pattern) {
        for (IndexTemplateFields t : templates) {
            if (t.indexPatterns().contains(pattern)) {
                return t;
            }
        }
        return null;
    }

    /** The template behind the data view that {@code o}'s reference {@code name} points at. */
    private IndexTemplateFields templateOfReference(String key, JsonNode o, String name) {
        JsonNode ref = reference(o, name);
        if (ref == null) {
            problems.add(key + ": no reference named " + name);
            return null;
        }
        JsonNode view = byKey.get("index-pattern:" + ref.path("id").asText());
        if (view == null) {
            return null; // reported by references()
        }
        return templateFor(view.path("attributes").path("title").asText());
    }

    // ---- Lens ----

    private void lens(String key, JsonNode o) {
        JsonNode state = o.path("attributes").path("state");
        if (!state.isObject()) {
            problems.add(key + ": attributes.state must be an object");
            return;
        }
        JsonNode layers = state.path("datasourceStates").path("formBased").path("layers");
        if (!layers.isObject() || layers.isEmpty()) {
            problems.add(key + ": no formBased layer");
            return;
        }
        Map<String, Map<String, JsonNode>> columnsByLayer = new HashMap<>();
        IndexTemplateFields layerTemplate = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = it.next();
            String where = key + " layer " + layer.getKey();
            IndexTemplateFields t = templateOfReference(key, o, "indexpattern-datasource-layer-" + layer.getKey());
            layerTemplate = t;
            Map<String, JsonNode> columns = new LinkedHashMap<>();
            layer.getValue().path("columns").fields().forEachRemaining(c -> columns.put(c.getKey(), c.getValue()));
            columnsByLayer.put(layer.getKey(), columns);
            List<String> order = new ArrayList<>();
            layer.getValue().path("columnOrder").forEach(c -> order.add(c.asText()));
            if (!new HashSet<>(order).equals(columns.keySet()) || order.size() != columns.size()) {
                problems.add(where + ": columnOrder " + order + " does not list each column once " + columns.keySet());
            }
            if (t == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> c : columns.entrySet()) {
                column(where + " column " + c.getKey(), t, c.getValue(), columns);
            }
        }
        if (layerTemplate != null) {
            query(key + ": query", layerTemplate, state.path("query"));
            for (JsonNode filter : state.path("filters")) {
                if (filter.path("meta").has("key")) {
                    mapped(key + ": filter", layerTemplate, filter.path("meta").path("key").asText());
                }
            }
        }
        visualization(key, o.path("attributes").path("visualizationType").asText(), state.path("visualization"),
                columnsByLayer);
    }

    private void column(String where, IndexTemplateFields t, JsonNode c, Map<String, JsonNode> columns) {
        String op = c.path("operationType").asText();
        String field = c.path("sourceField").asText(null);
        JsonNode params = c.path("params");
        switch (op) {
            case "count" -> {
                if (field != null && !field.equals("___records___")) {
                    aggregatable(where, t, field, c);
                }
            }
            case "date_histogram" -> {
                Field f = aggregatable(where, t, field, c);
                if (f != null && !f.date()) {
                    problems.add(where + ": date_histogram on " + field + ", a " + f.type() + " field");
                }
            }
            case "terms" -> {
                aggregatable(where, t, field, c);
                for (JsonNode secondary : params.path("secondaryFields")) {
                    aggregatable(where + " (secondary field)", t, secondary.asText(), null);
                }
                JsonNode orderBy = params.path("orderBy");
                if (orderBy.path("type").asText().equals("column") && !columns.containsKey(orderBy.path("columnId").asText())) {
                    problems.add(where + ": ordered by column " + orderBy.path("columnId").asText() + ", not in the layer");
                }
            }
            case "range" -> {
                Field f = aggregatable(where, t, field, c);
                if (f != null && !f.numeric()) {
                    problems.add(where + ": range on " + field + ", a " + f.type() + " field");
                }
            }
            case "filters" -> {
                for (JsonNode filter : params.path("filters")) {
                    query(where + " filter '" + filter.path("label").asText() + "'", t, filter.path("input"));
                }
            }
            case "unique_count" -> aggregatable(where, t, field, null);
            case "last_value" -> {
                aggregatable(where, t, field, c);
                Field sort = aggregatable(where + " (sort field)", t, params.path("sortField").asText(), null);
                if (sort != null && !sort.date()) {
                    problems.add(where + ": last_value sorted by " + sort.path() + ", not a date");
                }
            }
            default -> {
                if (METRICS_ON_NUMBERS.contains(op) || METRICS_ON_NUMBERS_OR_DATES.contains(op)) {
                    Field f = aggregatable(where, t, field, c);
                    if (f != null && !f.numeric() && !(METRICS_ON_NUMBERS_OR_DATES.contains(op) && f.date())) {
                        problems.add(where + ": " + op + " of " + field + ", a " + f.type() + " field");
                    }
                } else {
                    problems.add(where + ": operation '" + op + "' is not one this check knows; check it by hand and add it");
                }
            }
        }
        if (c.has("filter")) {
            query(where + " filter", t, c.path("filter"));
        }
        if (!c.has("isBucketed") || !c.has("dataType") || !c.has("label")) {
            problems.add(where + ": a column needs label, dataType and isBucketed");
        }
    }

    /** The field, when mapped and aggregatable; checks that the column's data type is the field's. */
    private Field aggregatable(String where, IndexTemplateFields t, String field, JsonNode column) {
        Field f = mapped(where, t, field);
        if (f == null) {
            return null;
        }
        if (!f.aggregatable()) {
            problems.add(where + ": " + field + " is " + f.type() + (f.docValues() ? "" : " without doc values")
                    + " in " + t.name() + ", not aggregatable");
            return null;
        }
        String op = column == null ? "" : column.path("operationType").asText();
        String expected = op.equals("count") || op.equals("unique_count") ? "number" : f.lensDataType();
        if (column != null && !expected.equals(column.path("dataType").asText())) {
            problems.add(where + ": dataType " + column.path("dataType").asText() + " but " + field + " is "
                    + f.type() + " (Lens: " + f.lensDataType() + ")");
        }
        return f;
    }

    private Field mapped(String where, IndexTemplateFields t, String field) {
        if (field == null || field.isEmpty()) {
            problems.add(where + ": no field");
            return null;
        }
        use(t, field);
        Field f = t.field(field);
        if (f == null) {
            problems.add(where + ": uses " + field + ", which " + t.name() + " does not map");
        }
        return f;
    }

    private void use(IndexTemplateFields t, String field) {
        used.computeIfAbsent(t.name(), n -> new TreeSet<>()).add(field);
    }

    private void query(String where, IndexTemplateFields t, JsonNode query) {
        if (query.isMissingNode() || query.path("query").asText("").isBlank()) {
            return;
        }
        if (!query.path("language").asText().equals("kuery")) {
            problems.add(where + ": query language " + query.path("language").asText() + ", expected kuery");
        }
        Matcher m = KQL_FIELD.matcher(query.path("query").asText());
        while (m.find()) {
            Field f = mapped(where, t, m.group(1));
            if (f != null && !f.searchable()) {
                problems.add(where + ": queries " + f.path() + ", which is not searchable");
            }
        }
    }

    private void visualization(String key, String type, JsonNode vis, Map<String, Map<String, JsonNode>> columnsByLayer) {
        List<JsonNode> layers = new ArrayList<>();
        if (vis.has("layers")) {
            vis.path("layers").forEach(layers::add);
        } else {
            layers.add(vis);
        }
        for (JsonNode layer : layers) {
            String layerId = layer.path("layerId").asText();
            Map<String, JsonNode> columns = columnsByLayer.get(layerId);
            if (columns == null) {
                problems.add(key + ": visualization layer " + layerId + " has no datasource layer");
                continue;
            }
            List<Map.Entry<String, Boolean>> accessors = new ArrayList<>(); // column, must it be bucketed (null: either)
            switch (type) {
                case "lnsXY" -> {
                    accessors.add(accessor(layer.path("xAccessor").asText(), true));
                    layer.path("accessors").forEach(a -> accessors.add(accessor(a.asText(), false)));
                    if (layer.has("splitAccessor")) {
                        accessors.add(accessor(layer.path("splitAccessor").asText(), true));
                    }
                }
                case "lnsPie" -> {
                    layer.path("primaryGroups").forEach(a -> accessors.add(accessor(a.asText(), true)));
                    layer.path("metrics").forEach(a -> accessors.add(accessor(a.asText(), false)));
                }
                case "lnsMetric" -> accessors.add(accessor(layer.path("metricAccessor").asText(), false));
                case "lnsDatatable" -> layer.path("columns").forEach(a -> accessors.add(accessor(a.path("columnId").asText(), null)));
                default -> problems.add(key + ": visualization type " + type + " is not one this check knows");
            }
            Set<String> shown = new HashSet<>();
            for (Map.Entry<String, Boolean> a : accessors) {
                shown.add(a.getKey());
                JsonNode c = columns.get(a.getKey());
                if (c == null) {
                    problems.add(key + ": the visualization shows column '" + a.getKey() + "', not in the layer");
                } else if (a.getValue() != null && c.path("isBucketed").asBoolean() != a.getValue()) {
                    problems.add(key + ": column " + a.getKey() + " is " + (a.getValue() ? "a metric where a bucket" : "a bucket where a metric")
                            + " belongs");
                }
            }
            if (!shown.containsAll(columns.keySet())) {
                problems.add(key + ": columns the visualization does not show: "
                        + new TreeSet<>(columns.keySet()).stream().filter(c -> !shown.contains(c)).toList());
            }
        }
    }

    private static Map.Entry<String, Boolean> accessor(String column, Boolean bucketed) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(column, bucketed);
    }

    // ---- saved searches ----

    private void search(String key, JsonNode o) {
        JsonNode a = o.path("attributes");
        JsonNode source = jsonString(key, "kibanaSavedObjectMeta.searchSourceJSON", a.path("kibanaSavedObjectMeta").path("searchSourceJSON"));
        if (source == null) {
            return;
        }
        IndexTemplateFields t = templateOfReference(key, o, source.path("indexRefName").asText());
        if (t == null) {
            return;
        }
        for (JsonNode column : a.path("columns")) {
            mapped(key + ": column", t, column.asText());
        }
        for (JsonNode sort : a.path("sort")) {
            aggregatable(key + ": sort", t, sort.path(0).asText(), null);
        }
        query(key + ": query", t, source.path("query"));
    }

    // ---- dashboards ----

    private void dashboard(String key, JsonNode o) {
        JsonNode a = o.path("attributes");
        a.fieldNames().forEachRemaining(name -> {
            if (!DASHBOARD_ATTRIBUTES.contains(name)) {
                problems.add(key + ": attribute " + name + " is refused by the dashboard schema");
            }
        });
        jsonString(key, "optionsJSON", a.path("optionsJSON"));
        jsonString(key, "kibanaSavedObjectMeta.searchSourceJSON", a.path("kibanaSavedObjectMeta").path("searchSourceJSON"));
        JsonNode panels = jsonString(key, "panelsJSON", a.path("panelsJSON"));
        if (panels == null) {
            return;
        }
        if (!panels.isArray() || panels.isEmpty()) {
            problems.add(key + ": panelsJSON must be a non-empty array");
            return;
        }
        Set<String> indexes = new HashSet<>();
        List<int[]> cells = new ArrayList<>();
        for (JsonNode p : panels) {
            String index = p.path("panelIndex").asText("");
            String where = key + " panel " + index;
            if (index.isEmpty() || !indexes.add(index)) {
                problems.add(where + ": panelIndex missing or not unique");
            }
            JsonNode g = p.path("gridData");
            int x = g.path("x").asInt(-1), y = g.path("y").asInt(-1), w = g.path("w").asInt(0), h = g.path("h").asInt(0);
            if (!index.equals(g.path("i").asText()) || x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > GRID_COLUMNS) {
                problems.add(where + ": gridData " + g + " is not a place on the 48-column grid named after the panel");
            }
            for (int[] other : cells) {
                if (x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h) {
                    problems.add(where + ": overlaps another panel");
                }
            }
            cells.add(new int[] {x, y, w, h});
            String refName = p.path("panelRefName").asText("");
            JsonNode ref = reference(o, index + ":" + refName);
            if (refName.isEmpty() || ref == null) {
                problems.add(where + ": no reference named " + index + ":" + refName);
            } else if (!ref.path("type").asText().equals(p.path("type").asText())) {
                problems.add(where + ": panel type " + p.path("type").asText() + " but its reference is a " + ref.path("type").asText());
            }
        }
    }

    private boolean onSomeDashboard(JsonNode o) {
        for (JsonNode d : byKey.values()) {
            if (d.path("type").asText().equals("dashboard")) {
                for (JsonNode ref : d.path("references")) {
                    if (ref.path("id").asText().equals(o.path("id").asText()) && ref.path("type").asText().equals(o.path("type").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Kibana keeps these attributes as JSON text; the import stores them as they are. */
    private JsonNode jsonString(String key, String name, JsonNode value) {
        if (!value.isTextual()) {
            problems.add(key + ": " + name + " must be a string holding JSON");
            return null;
        }
        try {
            return JSON.readTree(value.asText());
        } catch (Exception e) {
            problems.add(key + ": " + name + " is not JSON: " + e.getMessage());
            return null;
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
