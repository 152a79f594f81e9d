package io.nsgflow.serialization;

import java.io.IOException;
import java.io.ObjectInputStream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the hand-written serializers of records with repeating strings share: their
 * {@link StringFields} (per instance, so a serializer is stateful and {@link #duplicate()} must
 * return a new one), mutable records of variable length, and equality by class. A present-bits
 * word in the record's format says which nullable strings follow; slot i is bit i.
 */
public abstract class StringTableSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final int stringFields;
    // transient: a serializer shipped to a task starts with empty tables of its own (readObject)
    private transient StringFields strings;

    protected StringTableSerializer(int stringFields) {
        this.stringFields = stringFields;
        this.strings = new StringFields(stringFields);
    }

    /** Writes the string in its slot; null writes nothing (its present bit is clear). */
    protected final void writeString(int slot, String s, DataOutputView out) throws IOException {
        if (s != null) {
            strings.write(slot, s, out);
        }
    }

    /** The string of the slot, or null when its bit in {@code present} is clear. */
    protected final String readString(int slot, int present, DataInputView in) throws IOException {
        return (present & 1 << slot) == 0 ? null : strings.read(slot, in);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        strings = new StringFields(stringFields);
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }
}
