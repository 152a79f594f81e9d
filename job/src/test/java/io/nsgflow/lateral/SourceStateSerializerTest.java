package io.nsgflow.lateral;

import static io.nsgflow.lateral.LateralFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer test suite on the detectors' state of a source, with states the detectors
 * made themselves (SourceState has no equals: compared field by field, recursively), plus: every
 * field of SourceState and of its connections is written, the same values as Flink's POJO
 * serializer carries, in fewer bytes, and the snapshot restores the format.
 */
class SourceStateSerializerTest extends SerializerTestBase<SourceState> {

    SourceStateSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck((a, b) -> a instanceof SourceState && b instanceof SourceState,
                (a, b, checker) -> sameFields((SourceState) a, (SourceState) b)));
    }

    /** Every field, recursively (connections, episodes, maps); the derived window counts aside. */
    static boolean sameFields(SourceState a, SourceState b) {
        try {
            assertThat(b).usingRecursiveComparison().ignoringFields("counts").isEqualTo(a);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    protected TypeSerializer<SourceState> createSerializer() {
        return new SourceStateSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SourceState> getTypeClass() {
        return SourceState.class;
    }

    @Override
    protected SourceState[] getTestData() {
        return new SourceState[] {new SourceState(), busySource(), everyFieldSet()};
    }

    /**
     * A source the detectors worked on: a port scan (an open episode), admin connections, denied
     * ones, new edges after warm-up, and connections still waiting for the watermark.
     */
    static SourceState busySource() {
        LateralSettings settings = LateralSettings.defaults().withLearningPeriod(HOUR);
        SourceDetectors d = new SourceDetectors(settings);
        SourceState st = new SourceState();
        Collected out = new Collected();
        String src = "10.1.1.4";
        d.offer(st, conn(T0, src, "10.1.2.9", 443, true), null, out); // starts the warm-up
        long t = T0 + 2 * HOUR;
        for (int i = 0; i < 20; i++) {
            d.offer(st, conn(t + i * 1000, src, "10.1.2.4", 1000 + i, false), null, out);
        }
        for (int i = 0; i < 4; i++) {
            d.offer(st, viaDefault(conn(t + 30_000 + i * 1000, src, "10.1.3." + (10 + i), 22, true)), null, out);
        }
        d.advance(st, t + MIN, null, out);
        d.offer(st, conn(t + 2 * MIN, src, "10.1.2.5", 3389, true), null, out); // waits
        assertThat(out.emitted).as("the scan raised an alert").isNotEmpty();
        assertThat(st.episodes).isNotEmpty();
        assertThat(st.pending).isNotEmpty();
        assertThat(st.recent).isNotEmpty();
        assertThat(st.adminAllowed).isNotEmpty();
        assertThat(st.denied).isNotEmpty();
        assertThat(st.newEdges).isNotEmpty();
        return st;
    }

    /** Every field of the state and of a connection in it set to something other than its default. */
    static SourceState everyFieldSet() {
        SourceState st = busySource();
        st.seen = true;
        st.firstSeen = -7;
        st.lastActivity = Long.MAX_VALUE;
        st.tuplesPrunedAt = Long.MIN_VALUE;
        st.adminPeak = 42;
        Connection full = viaDefault(conn(T0, "fd00::1", "fd00::2", 5986, true));
        full.srcNic = "nic-mgmt-1";
        full.srcMac = "00-0D-3A-00-00-01";
        full.policyVersion = "v2 élan";
        full.exempt = SourceDetectors.bit(Detector.HOST_SWEEP);
        full.folded = -1;
        full.newEdge = true;
        full.newAdminDestination = true;
        full.crossesSubnet = true;
        st.pending.add(full);
        st.recentTuples.put("fd00::2|5986|TCP", 1L);
        return st;
    }

    private static List<Field> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .toList();
    }

    @Test
    void theTestDataSetsEveryFieldSoAFieldLeftOutIsNoticed() throws IllegalAccessException {
        SourceState st = everyFieldSet();
        SourceState defaults = new SourceState();
        for (Field f : instanceFields(SourceState.class)) {
            assertThat(f.get(st)).as(f.getName()).isNotEqualTo(f.get(defaults));
        }
        Connection full = st.pending.get(st.pending.size() - 1);
        Connection empty = new Connection();
        for (Field f : instanceFields(Connection.class)) {
            assertThat(f.get(full)).as("Connection." + f.getName()).isNotEqualTo(f.get(empty));
        }
    }

    @Test
    void readsBackWhatThePojoSerializerReadsBackInFewerBytes() throws IOException {
        TypeSerializer<SourceState> pojo = TypeInformation.of(SourceState.class).createSerializer(new SerializerConfigImpl());
        SourceStateSerializer ours = new SourceStateSerializer();
        for (SourceState st : List.of(busySource(), everyFieldSet())) {
            DataOutputSerializer a = new DataOutputSerializer(4096);
            pojo.serialize(st, a);
            DataOutputSerializer b = new DataOutputSerializer(4096);
            ours.serialize(st, b);
            SourceState viaPojo = pojo.deserialize(new DataInputDeserializer(a.getCopyOfBuffer()));
            SourceState viaOurs = ours.deserialize(new DataInputDeserializer(b.getCopyOfBuffer()));
            assertThat(sameFields(viaPojo, viaOurs)).isTrue();
            assertThat(sameFields(st, viaOurs)).isTrue();
            // each distinct string once: the source's address, NSG and rule are not repeated per connection
            assertThat(b.length()).as("bytes, POJO serializer %d", a.length()).isLessThan(a.length() * 2 / 3);
        }
    }

    @Test
    void aCorruptStringReferenceIsAnErrorNotAWrongValue() throws IOException {
        DataOutputSerializer b = new DataOutputSerializer(4096);
        new SourceStateSerializer().serialize(busySource(), b);
        byte[] bytes = b.getCopyOfBuffer();
        // the first string reference of the first pending connection comes after the header (1 + 8 * 3 + 4),
        // the lists' count (4) and the connection's numbers (8 + 4 * 4 + 1): point it at string 100
        int at = 1 + 24 + 4 + 4 + 8 + 16 + 1;
        bytes[at] = 102;
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new SourceStateSerializer().deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt string reference 100");
    }

    @Test
    void snapshotRestoresTheSameFormat() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, new SourceStateSerializer().snapshotConfiguration());
        TypeSerializerSnapshot<SourceState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(new SourceStateSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored)
                .isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(new SourceStateSerializer());
    }
}
