package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.util.Objects;

/**
 * One document for Elasticsearch, as the caller made it: its index kind (the sink writes it to the
 * daily index {@code <prefix>-<kind>-YYYY.MM.DD} of {@code timestamp}'s UTC day), its
 * deterministic id and its JSON source. A Flink POJO (public fields, no-arg constructor), so Flink
 * serializes it without Kryo.
 */
public class ElasticsearchDocument implements Serializable {

    private static final long serialVersionUID = 2L;

    public String kind;
    /** Epoch milliseconds that choose the daily index. */
    public long timestamp;
    public String id;
    public String json;

    public ElasticsearchDocument() {}

    public ElasticsearchDocument(String kind, long timestamp, String id, String json) {
        this.kind = kind;
        this.timestamp = timestamp;
        this.id = id;
        this.json = json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElasticsearchDocument d && timestamp == d.timestamp && Objects.equals(kind, d.kind)
                && Objects.equals(id, d.id) && Objects.equals(json, d.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, timestamp, id, json);
    }

    @Override
    public String toString() {
        return kind + "@" + timestamp + "/" + id;
    }
}
