package io.nsgflow.stream;

import io.nsgflow.aggregate.AggregateDocument;
import io.nsgflow.aggregate.FlowAggregate;
import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AlertDocument;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.IndexTemplate;
import java.util.List;

/**
 * What the job writes to Elasticsearch: the document kinds, their index templates (each kept next
 * to the domain that makes its documents) and the documents of the domain's records, with their
 * deterministic ids and the time that picks their daily index.
 */
public final class ElasticsearchOutputs {

    public static final String DRIFT = "drift";
    public static final String ALERTS = "alerts";
    public static final String AGGREGATES = "aggregates";

    private ElasticsearchOutputs() {}

    /** The templates of every kind the job writes. */
    public static List<IndexTemplate> templates() {
        return List.of(
                IndexTemplate.fromResource(DRIFT, DriftDocument.class, "drift.index-template.json"),
                IndexTemplate.fromResource(ALERTS, AlertDocument.class, "alerts.index-template.json"),
                IndexTemplate.fromResource(AGGREGATES, AggregateDocument.class, "aggregates.index-template.json"));
    }

    public static ElasticsearchDocument drift(DriftFinding finding) {
        return new ElasticsearchDocument(DRIFT, finding.getEventTime(), DriftDocument.id(finding),
                DriftDocument.of(finding).toString());
    }

    /**
     * By the day the alert was first seen: an alert that is updated later stays in the same index
     * (same id). Versioned by its revision, so an older revision never replaces a newer one.
     */
    public static ElasticsearchDocument alert(Alert alert) {
        return new ElasticsearchDocument(ALERTS, alert.getFirstSeen(), alert.getId(), AlertDocument.of(alert).toString(),
                alert.getRevision());
    }

    /**
     * By window start; a late tuple that updates the window overwrites the same document. Versioned
     * by the window's tuple count, which only grows from one firing of the window to the next.
     */
    public static ElasticsearchDocument aggregate(FlowAggregate aggregate) {
        return new ElasticsearchDocument(AGGREGATES, aggregate.getWindowStart(), AggregateDocument.id(aggregate),
                AggregateDocument.of(aggregate).toString(), aggregate.getTuples());
    }
}
