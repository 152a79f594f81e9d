package io.nsgflow.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The openAPIV3Schema of a CustomResourceDefinition, applied as the API server applies a
 * structural schema with strict field validation ({@code kubectl apply --validate=strict}): a
 * field the schema does not declare is an error (the server would drop it silently otherwise),
 * types and enums are checked, {@code x-kubernetes-int-or-string} takes either.
 *
 * <p>Written here rather than taken from a JSON Schema library: Kubernetes' rules are not JSON
 * Schema's (unknown fields are pruned, not allowed; int-or-string; no $ref), and the CRDs of the
 * operator use only type, properties, additionalProperties, items, enum and anyOf.
 */
final class CrdSchema {

    private static final Set<String> KEYWORDS = Set.of("type", "properties", "additionalProperties", "items", "enum",
            "anyOf", "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "description", "format",
            "required", "nullable");

    private final String kind;
    private final String apiVersion;
    private final JsonNode schema;
    private final Map<String, Set<String>> acceptedBeyondEnum;

    private CrdSchema(String kind, String apiVersion, JsonNode schema, Map<String, Set<String>> acceptedBeyondEnum) {
        this.kind = kind;
        this.apiVersion = apiVersion;
        this.schema = schema;
        this.acceptedBeyondEnum = acceptedBeyondEnum;
    }

    /** The CRD in a classpath resource (a {@code apiextensions.k8s.io/v1} document, one served version). */
    static CrdSchema load(String resource) throws IOException {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource + " on the classpath");
            }
            JsonNode crd = new YAMLMapper().readTree(in);
            if (!"apiextensions.k8s.io/v1".equals(crd.path("apiVersion").asText())) {
                throw new IOException(resource + " is not an apiextensions.k8s.io/v1 CRD");
            }
            JsonNode version = crd.path("spec").path("versions").get(0);
            String apiVersion = crd.path("spec").path("group").asText() + "/" + version.path("name").asText();
            return new CrdSchema(crd.path("spec").path("names").path("kind").asText(), apiVersion,
                    version.path("schema").path("openAPIV3Schema"), Map.of());
        }
    }

    String kind() {
        return kind;
    }

    String apiVersion() {
        return apiVersion;
    }

    /** The schema at a field path such as {@code spec.flinkVersion}. */
    JsonNode at(String path) {
        JsonNode node = schema;
        for (String part : path.split("\\.")) {
            node = node.path("properties").path(part);
        }
        return node;
    }

    /** The same schema, with values taken at {@code path} besides its enum (the caller says why). */
    CrdSchema acceptingBeyondEnum(String path, Set<String> values) {
        return new CrdSchema(kind, apiVersion, schema, Map.of(path, values));
    }

    /** Every violation, each as {@code path: message}; empty when the resource conforms. */
    List<String> violations(JsonNode resource) {
        List<String> errors = new ArrayList<>();
        if (!kind.equals(resource.path("kind").asText())) {
            errors.add("kind: expected " + kind + ", was " + resource.path("kind").asText());
        }
        if (!apiVersion.equals(resource.path("apiVersion").asText())) {
            errors.add("apiVersion: expected " + apiVersion + ", was " + resource.path("apiVersion").asText());
        }
        // metadata is the ObjectMeta of every resource, checked by the server, not by the CRD
        JsonNode rest = resource.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) rest).remove(List.of("apiVersion", "kind", "metadata"));
        check(schema, rest, "", errors);
        return errors;
    }

    private void check(JsonNode s, JsonNode value, String path, List<String> errors) {
        Iterator<String> keywords = s.fieldNames();
        while (keywords.hasNext()) {
            String k = keywords.next();
            if (!KEYWORDS.contains(k)) {
                throw new IllegalStateException("schema keyword " + k + " at " + path + " is not handled");
            }
        }
        if (value.isNull() && s.path("nullable").asBoolean(false)) {
            return;
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(path + ": expected an integer or a string, was " + value);
            }
            return;
        }
        String type = s.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(s, value, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array, was " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(s.path("items"), value.get(i), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string, was " + value.getNodeType() + " " + value);
                } else {
                    checkEnum(s, value, path, errors);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, was " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number, was " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean, was " + value);
                }
            }
            case "" -> {
                if (!s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && s.size() > 0) {
                    throw new IllegalStateException("schema without type at " + path + ": " + s);
                }
            }
            default -> throw new IllegalStateException("schema type " + type + " at " + path + " is not handled");
        }
    }

    private void checkObject(JsonNode s, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected an object, was " + value.getNodeType());
            return;
        }
        JsonNode properties = s.path("properties");
        JsonNode additional = s.get("additionalProperties");
        boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), fieldPath, errors);
            } else if (!preserveUnknown) {
                errors.add(fieldPath + ": unknown field");
            }
        }
    }

    private void checkEnum(JsonNode s, JsonNode value, String path, List<String> errors) {
        JsonNode values = s.get("enum");
        if (values == null) {
            return;
        }
        for (JsonNode v : values) {
            if (v.asText().equals(value.asText())) {
                return;
            }
        }
        if (acceptedBeyondEnum.getOrDefault(path, Set.of()).contains(value.asText())) {
            return;
        }
        errors.add(path + ": '" + value.asText() + "' is not one of " + values);
    }
}
