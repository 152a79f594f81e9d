package io.nsgflow.lateral;

import io.nsgflow.serialization.StringDictionary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for the detectors' state of one source ({@link SourceState}). With
 * RocksDB the whole value is deserialized when the detectors work on a source and serialized after,
 * and Flink's POJO serializer spent most of that on strings: every connection of its windows
 * carries the source's address, its NSGs, rules, NIC, MAC and policy version, and the maps' keys
 * repeat destinations. Here each distinct string of a value is written once
 * ({@link StringDictionary}); the connections' numbers as {@link ConnectionSerializer} writes them.
 * The open episodes (a few per source) keep their POJO serializer, nested, so they evolve with
 * their class.
 *
 * <p>Format (version 1): seen (boolean); firstSeen, lastActivity, tuplesPrunedAt (long); adminPeak
 * (int); the connection lists pending, recent, adminAllowed, denied, newEdges (each a count and
 * the connections); the maps recentTuples, edges, adminDestinations (a count, then key and long
 * value); the episodes (a count, then key and episode). A new field of SourceState or Connection
 * must be added here (a test checks that every field is written).
 */
public final class SourceStateSerializer extends TypeSerializer<SourceState> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<Episode> episodes;
    /** Per value being written or read; transient and made on first use (serializers travel as Java objects). */
    private transient StringDictionary strings;

    public SourceStateSerializer() {
        this(TypeInformation.of(Episode.class).createSerializer(new SerializerConfigImpl()));
    }

    SourceStateSerializer(TypeSerializer<Episode> episodes) {
        this.episodes = episodes;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<SourceState> duplicate() {
        return new SourceStateSerializer(episodes.duplicate()); // stateful: the dictionary
    }

    @Override
    public SourceState createInstance() {
        return new SourceState();
    }

    /** A deep copy, through the bytes: the heap backend copies only values changed during a snapshot. */
    @Override
    public SourceState copy(SourceState from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(4096);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a lateral source state", e);
        }
    }

    @Override
    public SourceState copy(SourceState from, SourceState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SourceState s, DataOutputView out) throws IOException {
        startValue();
        out.writeBoolean(s.seen);
        out.writeLong(s.firstSeen);
        out.writeLong(s.lastActivity);
        out.writeLong(s.tuplesPrunedAt);
        out.writeInt(s.adminPeak);
        writeConnections(s.pending, out);
        writeConnections(s.recent, out);
        writeConnections(s.adminAllowed, out);
        writeConnections(s.denied, out);
        writeConnections(s.newEdges, out);
        writeTimes(s.recentTuples, out);
        writeTimes(s.edges, out);
        writeTimes(s.adminDestinations, out);
        out.writeInt(s.episodes.size());
        for (Map.Entry<String, Episode> e : s.episodes.entrySet()) {
            strings.write(e.getKey(), out);
            episodes.serialize(e.getValue(), out);
        }
    }

    @Override
    public SourceState deserialize(DataInputView in) throws IOException {
        startValue();
        SourceState s = new SourceState();
        s.seen = in.readBoolean();
        s.firstSeen = in.readLong();
        s.lastActivity = in.readLong();
        s.tuplesPrunedAt = in.readLong();
        s.adminPeak = in.readInt();
        s.pending = readConnections(in);
        s.recent = readConnections(in);
        s.adminAllowed = readConnections(in);
        s.denied = readConnections(in);
        s.newEdges = readConnections(in);
        s.recentTuples = readTimes(in);
        s.edges = readTimes(in);
        s.adminDestinations = readTimes(in);
        int n = count(in);
        s.episodes = new HashMap<>(capacity(n));
        for (int i = 0; i < n; i++) {
            s.episodes.put(strings.read(in), episodes.deserialize(in));
        }
        return s;
    }

    @Override
    public SourceState deserialize(SourceState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target); // string references are per value: copied by value
    }

    private void startValue() {
        if (strings == null) {
            strings = new StringDictionary();
        }
        strings.start();
    }

    private void writeConnections(List<Connection> list, DataOutputView out) throws IOException {
        out.writeInt(list.size());
        for (Connection c : list) {
            ConnectionSerializer.writeNumbers(c, out);
            strings.write(c.src, out);
            strings.write(c.dst, out);
            strings.write(c.protocol, out);
            strings.write(c.nsg, out);
            strings.write(c.rule, out);
            strings.write(c.srcNic, out);
            strings.write(c.srcMac, out);
            strings.write(c.policyVersion, out);
        }
    }

    private List<Connection> readConnections(DataInputView in) throws IOException {
        int n = count(in);
        List<Connection> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Connection c = new Connection();
            ConnectionSerializer.readNumbers(c, in);
            c.src = strings.read(in);
            c.dst = strings.read(in);
            c.protocol = strings.read(in);
            c.nsg = strings.read(in);
            c.rule = strings.read(in);
            c.srcNic = strings.read(in);
            c.srcMac = strings.read(in);
            c.policyVersion = strings.read(in);
            list.add(c);
        }
        return list;
    }

    private void writeTimes(Map<String, Long> map, DataOutputView out) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            strings.write(e.getKey(), out);
            out.writeLong(e.getValue());
        }
    }

    private Map<String, Long> readTimes(DataInputView in) throws IOException {
        int n = count(in);
        Map<String, Long> map = new HashMap<>(capacity(n));
        for (int i = 0; i < n; i++) {
            map.put(strings.read(in), in.readLong());
        }
        return map;
    }

    private static int count(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt lateral source state: count " + n);
        }
        return n;
    }

    private static int capacity(int n) {
        return Math.max(16, (int) (n / 0.75f) + 1);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SourceStateSerializer other && other.episodes.equals(episodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(SourceStateSerializer.class, episodes);
    }

    @Override
    public TypeSerializerSnapshot<SourceState> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** The format's version, with the episodes' serializer nested (it evolves with Episode). */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<SourceState, SourceStateSerializer> {

        private static final int VERSION = 1;

        public Snapshot() {}

        Snapshot(SourceStateSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(SourceStateSerializer outer) {
            return new TypeSerializer<?>[] {outer.episodes};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected SourceStateSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new SourceStateSerializer((TypeSerializer<Episode>) nested[0]);
        }
    }
}
