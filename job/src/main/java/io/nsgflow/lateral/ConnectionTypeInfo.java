package io.nsgflow.lateral;

import io.nsgflow.serialization.HandWrittenTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of streams of {@link Connection}s, serialized with {@link ConnectionSerializer}. For streams
 * only: the detectors' state keeps the POJO serializer.
 */
public final class ConnectionTypeInfo extends HandWrittenTypeInfo<Connection> {

    private static final long serialVersionUID = 1L;

    public ConnectionTypeInfo() {
        super(Connection.class);
    }

    @Override
    protected TypeSerializer<Connection> newSerializer() {
        return new ConnectionSerializer();
    }
}
