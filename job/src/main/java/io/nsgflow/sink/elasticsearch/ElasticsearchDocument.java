package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.util.Objects;

/**
 * One document for Elasticsearch: the index it goes to, its deterministic id and its JSON source.
 * A Flink POJO (public fields, no-arg constructor), so Flink serializes it without Kryo.
 */
public class ElasticsearchDocument implements Serializable {

    private static final long serialVersionUID = 1L;

    public String index;
    public String id;
    public String json;

    public ElasticsearchDocument() {}

    public ElasticsearchDocument(String index, String id, String json) {
        this.index = index;
        this.id = id;
        this.json = json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElasticsearchDocument d && Objects.equals(index, d.index) && Objects.equals(id, d.id)
                && Objects.equals(json, d.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, json);
    }

    @Override
    public String toString() {
        return index + "/" + id;
    }
}
