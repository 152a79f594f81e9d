package io.nsgflow.serialization;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of a stream whose records cross the network with a hand-written serializer (not Avro's
 * generic reader and writer, not Kryo): one atomic, non-key type; equal to any other instance of
 * the same subclass. Subclasses name the class and make the serializer.
 */
public abstract class HandWrittenTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    protected HandWrittenTypeInfo(Class<T> type) {
        this.type = type;
    }

    /** A new serializer (each may keep per-instance tables, see {@link StringFields}). */
    protected abstract TypeSerializer<T> newSerializer();

    @Override
    public final TypeSerializer<T> createSerializer(SerializerConfig config) {
        return newSerializer();
    }

    @Override
    public final boolean isBasicType() {
        return false;
    }

    @Override
    public final boolean isTupleType() {
        return false;
    }

    @Override
    public final int getArity() {
        return 1;
    }

    @Override
    public final int getTotalFields() {
        return 1;
    }

    @Override
    public final Class<T> getTypeClass() {
        return type;
    }

    @Override
    public final boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public final boolean canEqual(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }
}
