package io.nsgflow.flowlog;

import io.nsgflow.serialization.HandWrittenTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of streams of {@link FlowRecord}s, serialized with {@link FlowRecordSerializer}. For streams only:
 * keyed state of FlowRecords keeps {@code AvroTypeInfo}, whose format follows the schema's evolution.
 */
public final class FlowRecordTypeInfo extends HandWrittenTypeInfo<FlowRecord> {

    private static final long serialVersionUID = 1L;

    public FlowRecordTypeInfo() {
        super(FlowRecord.class);
    }

    @Override
    protected TypeSerializer<FlowRecord> newSerializer() {
        return new FlowRecordSerializer();
    }
}
