package io.nsgflow.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The leaf fields an Elasticsearch index template maps, by dotted path, with what Kibana can do with each. */
record IndexTemplateFields(String name, List<String> indexPatterns, Map<String, Field> fields) {

    private static final Set<String> NUMERIC = Set.of("long", "integer", "short", "byte", "double", "float",
            "half_float", "scaled_float", "unsigned_long");
    /** Types with doc values by default: what terms, histograms and metrics can run on. */
    private static final Set<String> AGGREGATABLE = union(NUMERIC,
            Set.of("keyword", "constant_keyword", "date", "date_nanos", "ip", "boolean"));

    /** One mapped field. */
    record Field(String path, String type, boolean indexed, boolean docValues) {

        boolean aggregatable() {
            return docValues && AGGREGATABLE.contains(type);
        }

        boolean numeric() {
            return NUMERIC.contains(type);
        }

        boolean date() {
            return type.equals("date") || type.equals("date_nanos");
        }

        /** Whether a KQL clause on it can match: indexed, or (keyword, numbers, dates, ip) queried from doc values. */
        boolean searchable() {
            return !type.equals("binary") && (indexed || aggregatable());
        }

        /** The data type Lens gives a column of this field. */
        String lensDataType() {
            if (numeric()) {
                return "number";
            }
            return switch (type) {
                case "keyword", "constant_keyword", "text", "flattened" -> "string";
                case "date", "date_nanos" -> "date";
                default -> type; // ip, boolean
            };
        }
    }

    static IndexTemplateFields of(String name, JsonNode template) {
        List<String> patterns = new ArrayList<>();
        template.path("index_patterns").forEach(p -> patterns.add(p.asText()));
        Map<String, Field> fields = new TreeMap<>();
        collect("", template.path("template").path("mappings").path("properties"), fields);
        return new IndexTemplateFields(name, List.copyOf(patterns), fields);
    }

    private static void collect(String prefix, JsonNode properties, Map<String, Field> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode node = e.getValue();
            if (node.has("properties")) {
                collect(path + ".", node.get("properties"), out);
                continue;
            }
            String type = node.path("type").asText("object");
            out.put(path, new Field(path, type, node.path("index").asBoolean(true), node.path("doc_values").asBoolean(true)));
            // multi-fields (e.g. a keyword under a text field) are fields of their own
            for (Iterator<Map.Entry<String, JsonNode>> sub = node.path("fields").fields(); sub.hasNext(); ) {
                Map.Entry<String, JsonNode> s = sub.next();
                String subPath = path + "." + s.getKey();
                out.put(subPath, new Field(subPath, s.getValue().path("type").asText(),
                        s.getValue().path("index").asBoolean(true), s.getValue().path("doc_values").asBoolean(true)));
            }
        }
    }

    Field field(String path) {
        return fields.get(path);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
