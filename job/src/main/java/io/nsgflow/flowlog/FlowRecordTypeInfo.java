package io.nsgflow.flowlog;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of streams of {@link FlowRecord}s, serialized with {@link FlowRecordSerializer} (not Avro's
 * generic reader and writer, not Kryo). For streams: keyed state of FlowRecords keeps
 * {@code AvroTypeInfo}, whose format follows the schema's evolution.
 */
public final class FlowRecordTypeInfo extends TypeInformation<FlowRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FlowRecord> getTypeClass() {
        return FlowRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FlowRecord> createSerializer(SerializerConfig config) {
        return new FlowRecordSerializer();
    }

    @Override
    public String toString() {
        return "FlowRecordTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FlowRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return FlowRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FlowRecordTypeInfo;
    }
}
