package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.util.Objects;

/**
 * One document for Elasticsearch, as the caller made it: its index kind (the sink writes it to the
 * daily index {@code <prefix>-<kind>-YYYY.MM.DD} of {@code timestamp}'s UTC day), its
 * deterministic id, its JSON source and, for a document the caller revises, its version. A Flink POJO (public fields, no-arg constructor), so Flink
 * serializes it without Kryo.
 */
public class ElasticsearchDocument implements Serializable {

    private static final long serialVersionUID = 3L;

    /** {@link #version} of a document written as is, whatever Elasticsearch holds under its id. */
    public static final long UNVERSIONED = -1;

    public String kind;
    /** Epoch milliseconds that choose the daily index. */
    public long timestamp;
    public String id;
    public String json;
    /**
     * The caller's version of the document (0 or more), or {@link #UNVERSIONED}. A versioned document
     * is written with Elasticsearch's external versioning ({@code version_type=external_gte}): it
     * never replaces a later version of itself, however retries and restarts reorder the writes.
     */
    public long version = UNVERSIONED;

    public ElasticsearchDocument() {}

    public ElasticsearchDocument(String kind, long timestamp, String id, String json) {
        this(kind, timestamp, id, json, UNVERSIONED);
    }

    public ElasticsearchDocument(String kind, long timestamp, String id, String json, long version) {
        if (version < UNVERSIONED) {
            throw new IllegalArgumentException("document version " + version + " is negative");
        }
        this.kind = kind;
        this.timestamp = timestamp;
        this.id = id;
        this.json = json;
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElasticsearchDocument d && timestamp == d.timestamp && version == d.version
                && Objects.equals(kind, d.kind)
                && Objects.equals(id, d.id) && Objects.equals(json, d.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, timestamp, id, json, version);
    }

    @Override
    public String toString() {
        return kind + "@" + timestamp + "/" + id + (version == UNVERSIONED ? "" : " v" + version);
    }
}
