package io.nsgflow.sink.elasticsearch;

import io.nsgflow.aggregate.AggregateDocument;
import io.nsgflow.aggregate.FlowAggregate;
import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AlertDocument;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.drift.DriftFinding;

/** The domain's documents addressed to their daily indices, with their deterministic ids. */
public final class ElasticsearchDocuments {

    private ElasticsearchDocuments() {}

    public static ElasticsearchDocument drift(DriftFinding finding, IndexNames names) {
        return new ElasticsearchDocument(names.daily(IndexNames.DRIFT, finding.getEventTime()), DriftDocument.id(finding),
                DriftDocument.of(finding).toString());
    }

    /** By the day the alert was first seen: an alert that is updated later stays in the same index (same id). */
    public static ElasticsearchDocument alert(Alert alert, IndexNames names) {
        return new ElasticsearchDocument(names.daily(IndexNames.ALERTS, alert.getFirstSeen()), alert.getId(),
                AlertDocument.of(alert).toString());
    }

    /** By window start; a late tuple that updates the window overwrites the same document. */
    public static ElasticsearchDocument aggregate(FlowAggregate aggregate, IndexNames names) {
        return new ElasticsearchDocument(names.daily(IndexNames.AGGREGATES, aggregate.getWindowStart()),
                AggregateDocument.id(aggregate), AggregateDocument.of(aggregate).toString());
    }
}
