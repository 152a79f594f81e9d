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
    /** The document's external version, or {@link ElasticsearchDocument#UNVERSIONED}. */
    private final long version;

    BulkItem(String index, String id, String json, int attempts) {
        this(index, id, json, attempts, ElasticsearchDocument.UNVERSIONED);
    }

    BulkItem(String index, String id, String json, int attempts, long version) {
        this.index = index;
        this.id = id;
        this.json = json;
        this.attempts = attempts;
        this.version = version;
    }

    static BulkItem of(String index, ElasticsearchDocument document) {
        return new BulkItem(index, document.id, document.json, 0, document.version);
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

    long version() {
        return version;
    }

    boolean versioned() {
        return version != ElasticsearchDocument.UNVERSIONED;
    }

    BulkItem nextAttempt() {
        return new BulkItem(index, id, json, attempts + 1, version);
    }

    /** What the entry costs in a bulk request: its JSON plus the action line, roughly. */
    long sizeInBytes() {
        return json.getBytes(StandardCharsets.UTF_8).length + index.length() + (id == null ? 0 : id.length()) + 40L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BulkItem b && attempts == b.attempts && version == b.version && index.equals(b.index)
                && java.util.Objects.equals(id, b.id) && json.equals(b.json);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(index, id, json, attempts, version);
    }

    @Override
    public String toString() {
        return index + "/" + id + (versioned() ? " v" + version : "") + " (attempts " + attempts + ")";
    }
}
