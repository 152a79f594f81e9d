package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * A document waiting in the sink's buffer, with the number of times Elasticsearch has already
 * refused it with a retryable status (so retries can be capped per document).
 */
final class BulkItem implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String index;
    private final String id;
    private final String json;
    private final int attempts;

    BulkItem(String index, String id, String json, int attempts) {
        this.index = index;
        this.id = id;
        this.json = json;
        this.attempts = attempts;
    }

    static BulkItem of(String index, ElasticsearchDocument document) {
        return new BulkItem(index, document.id, document.json, 0);
    }

    String index() {
        return index;
    }

    String id() {
        return id;
    }

    String json() {
        return json;
    }

    int attempts() {
        return attempts;
    }

    BulkItem nextAttempt() {
        return new BulkItem(index, id, json, attempts + 1);
    }

    /** What the entry costs in a bulk request: its JSON plus the action line, roughly. */
    long sizeInBytes() {
        return json.getBytes(StandardCharsets.UTF_8).length + index.length() + (id == null ? 0 : id.length()) + 40L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BulkItem b && attempts == b.attempts && index.equals(b.index)
                && java.util.Objects.equals(id, b.id) && json.equals(b.json);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(index, id, json, attempts);
    }

    @Override
    public String toString() {
        return index + "/" + id + " (attempts " + attempts + ")";
    }
}
