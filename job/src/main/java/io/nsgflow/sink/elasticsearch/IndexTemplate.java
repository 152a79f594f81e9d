package io.nsgflow.sink.elasticsearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The index template of one document kind, as the caller supplies it (an Elasticsearch composable
 * index template body without {@code index_patterns}); the sink adds the pattern of its prefix,
 * {@code <prefix>-<kind>-*}, and installs it under the name {@code <prefix>-<kind>}.
 */
public record IndexTemplate(String kind, String body) implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public IndexTemplate {
        if (!IndexNames.isValidKind(kind)) {
            throw new IllegalArgumentException("index kind '" + kind + "' is not usable in an index name");
        }
        try {
            if (!(JSON.readTree(body) instanceof ObjectNode)) {
                throw new IllegalArgumentException("index template of kind '" + kind + "' is not a JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("index template of kind '" + kind + "' is not JSON: " + e.getMessage());
        }
    }

    /** The template of {@code kind} in the classpath resource {@code resource} of {@code owner}'s class loader. */
    public static IndexTemplate fromResource(String kind, Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("index template " + resource + " is not packaged");
            }
            return new IndexTemplate(kind, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index template " + resource, e);
        }
    }

    /** The sink's own template: the dead-letter index. */
    static IndexTemplate deadLetters() {
        return fromResource(IndexNames.DEADLETTER, IndexTemplate.class, "deadletter.index-template.json");
    }

    /** The body as sent to Elasticsearch, with the index pattern of {@code names}' prefix. */
    public ObjectNode forPrefix(IndexNames names) {
        try {
            ObjectNode template = (ObjectNode) JSON.readTree(body);
            template.putArray("index_patterns").add(names.pattern(kind));
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its name in Elasticsearch: {@code <prefix>-<kind>}. */
    public String name(IndexNames names) {
        return names.prefix() + "-" + kind;
    }
}
