package io.nsgflow.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nsgflow.alert.AlertIds;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * PLACEHOLDER pipeline of issue 2: raw records from a source straight into a sink, to prove the
 * Kafka -> Flink -> Elasticsearch wiring on a real cluster. Later issues replace it with the
 * decode / re-evaluate / detect pipeline of DESIGN.md. Source and sink are injected, so tests
 * swap them.
 */
public final class RawFlowLogPipeline {

    public static final String SOURCE_UID = "raw-flowlog-source";
    public static final String TRIM_UID = "drop-blank-records";
    public static final String TO_DOCUMENT_UID = "raw-record-to-document";
    public static final String SINK_UID = "raw-document-sink";

    private RawFlowLogPipeline() {}

    /** The document of a raw record: {@code {"raw": record}}, its id derived from the content, so a replay overwrites it. */
    public static ElasticsearchDocument document(String index, String record) {
        return new ElasticsearchDocument(index, AlertIds.of("raw", record),
                JsonNodeFactory.instance.objectNode().put("raw", record).toString());
    }

    public static void build(StreamExecutionEnvironment env, Source<String, ?, ?> source, String index,
            Sink<ElasticsearchDocument> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "raw flow logs")
                .uid(SOURCE_UID)
                .filter(record -> record != null && !record.isBlank())
                .returns(Types.STRING)
                .uid(TRIM_UID)
                .name("drop blank records")
                .map(record -> document(index, record))
                .returns(ElasticsearchDocument.class)
                .uid(TO_DOCUMENT_UID)
                .name("raw record to document")
                .sinkTo(sink)
                .uid(SINK_UID)
                .name("raw records to Elasticsearch");
    }
}
