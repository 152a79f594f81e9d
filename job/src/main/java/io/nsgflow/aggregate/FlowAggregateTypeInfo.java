package io.nsgflow.aggregate;

import io.nsgflow.serialization.HandWrittenTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of streams of {@link FlowAggregate}s, serialized with {@link FlowAggregateSerializer}. For streams only:
 * keyed state of FlowAggregates keeps {@code AvroTypeInfo}, whose format follows the schema's evolution.
 */
public final class FlowAggregateTypeInfo extends HandWrittenTypeInfo<FlowAggregate> {

    private static final long serialVersionUID = 1L;

    public FlowAggregateTypeInfo() {
        super(FlowAggregate.class);
    }

    @Override
    protected TypeSerializer<FlowAggregate> newSerializer() {
        return new FlowAggregateSerializer();
    }
}
