package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The index templates of deploy/elasticsearch/index-templates (packaged on the classpath), with
 * the index patterns of the configured prefix. Installing is a PUT of each template: idempotent,
 * and safe when several sink subtasks do it at once.
 */
public final class IndexTemplates {

    /** Every index kind the job writes, each with a template {@code <kind>.json}. */
    public static final List<String> KINDS = List.of(IndexNames.ALERTS, IndexNames.DRIFT, IndexNames.AGGREGATES,
            IndexNames.FLOWS, IndexNames.DEADLETTER);

    private static final String RESOURCE_DIR = "/elasticsearch/index-templates/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexTemplates() {}

    /** The template of {@code kind} for indices {@code <prefix>-<kind>-*}, as sent to Elasticsearch. */
    public static ObjectNode template(String kind, IndexNames names) {
        try (InputStream in = IndexTemplates.class.getResourceAsStream(RESOURCE_DIR + kind + ".json")) {
            if (in == null) {
                throw new IllegalStateException("index template " + RESOURCE_DIR + kind + ".json is not packaged");
            }
            ObjectNode template = (ObjectNode) JSON.readTree(in);
            template.putArray("index_patterns").add(names.pattern(kind));
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index template " + kind, e);
        }
    }

    /** The template's name in Elasticsearch: {@code <prefix>-<kind>}. */
    public static String name(String kind, IndexNames names) {
        return names.prefix() + "-" + kind;
    }

    /** PUTs all templates; exceptions of the client pass through. */
    public static void install(ElasticsearchClient client, IndexNames names) throws IOException {
        for (String kind : KINDS) {
            String body = template(kind, names).toString();
            client.indices().putIndexTemplate(t -> t.name(name(kind, names)).withJson(new StringReader(body)));
        }
    }
}
