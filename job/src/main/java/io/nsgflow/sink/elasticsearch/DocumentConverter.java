package io.nsgflow.sink.elasticsearch;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * Turns a document into a buffer entry. A document larger than a whole bulk request can never be
 * sent, so it becomes a dead letter here instead of failing the job.
 */
final class DocumentConverter implements ElementConverter<ElasticsearchDocument, BulkItem> {

    private static final long serialVersionUID = 1L;

    private final long maxDocumentBytes;
    private final IndexNames names;

    DocumentConverter(long maxDocumentBytes, IndexNames names) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.names = names;
    }

    @Override
    public BulkItem apply(ElasticsearchDocument document, SinkWriter.Context context) {
        if (document.kind == null || document.json == null) {
            throw new IllegalArgumentException("Elasticsearch document without kind or JSON: " + document);
        }
        BulkItem item = BulkItem.of(names.daily(document.kind, document.timestamp), document);
        if (item.sizeInBytes() > maxDocumentBytes) {
            return DeadLetterItems.refused(item, new ItemResult(413, "document_too_large",
                    item.sizeInBytes() + " bytes, more than elasticsearch.bulk.max-bytes (" + maxDocumentBytes + ")"),
                    System.currentTimeMillis(), names);
        }
        return item;
    }
}
