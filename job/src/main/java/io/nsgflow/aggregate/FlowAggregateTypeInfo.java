package io.nsgflow.aggregate;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of streams of {@link FlowAggregate}s, serialized with {@link FlowAggregateSerializer} (not Avro's
 * generic reader and writer, not Kryo). For streams: keyed state of FlowAggregates keeps
 * {@code AvroTypeInfo}, whose format follows the schema's evolution.
 */
public final class FlowAggregateTypeInfo extends TypeInformation<FlowAggregate> {

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
    public Class<FlowAggregate> getTypeClass() {
        return FlowAggregate.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FlowAggregate> createSerializer(SerializerConfig config) {
        return new FlowAggregateSerializer();
    }

    @Override
    public String toString() {
        return "FlowAggregateTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FlowAggregateTypeInfo;
    }

    @Override
    public int hashCode() {
        return FlowAggregateTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FlowAggregateTypeInfo;
    }
}
