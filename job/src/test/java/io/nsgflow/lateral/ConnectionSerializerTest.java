package io.nsgflow.lateral;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer test suite on connections (Connection has no equals: compared field by
 * field), plus: every field of Connection is written, and the bytes equal what Flink's POJO
 * serializer would carry, field for field, after a round trip through both.
 */
class ConnectionSerializerTest extends SerializerTestBase<Connection> {

    ConnectionSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck((a, b) -> a instanceof Connection && b instanceof Connection,
                (a, b, checker) -> fieldsOf((Connection) a).equals(fieldsOf((Connection) b))));
    }

    @Override
    protected TypeSerializer<Connection> createSerializer() {
        return new ConnectionSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Connection> getTypeClass() {
        return Connection.class;
    }

    @Override
    protected Connection[] getTestData() {
        Connection full = LateralFixtures.viaDefault(LateralFixtures.conn(LateralFixtures.T0, "10.1.1.4", "10.1.2.4", 22, true));
        full.srcNic = "nic-mgmt-1";
        full.srcMac = "00-0D-3A-00-00-01";
        full.policyVersion = "v2 élan";
        full.exempt = SourceDetectors.bit(Detector.HOST_SWEEP);
        full.folded = -1;
        full.newEdge = true;
        full.newAdminDestination = true;
        Connection denied = LateralFixtures.conn(LateralFixtures.T0 + 1, "fd00::1", "fd00::2", 65535, false);
        denied.crossesSubnet = false;
        Connection empty = new Connection();
        Connection negative = LateralFixtures.conn(-5, "10.1.1.4", "10.1.1.5", 0, true);
        negative.srcPort = Integer.MAX_VALUE;
        return new Connection[] {full, denied, empty, negative};
    }

    /** Every instance field's value, by reflection: what equality means for this test. */
    static List<Object> fieldsOf(Connection c) {
        List<Object> values = new ArrayList<>();
        for (Field f : instanceFields()) {
            try {
                values.add(f.getName() + "=" + f.get(c));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return values;
    }

    private static List<Field> instanceFields() {
        return Arrays.stream(Connection.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .toList();
    }

    @Test
    void writesEveryFieldOfConnection() {
        List<String> written = Stream.of(ConnectionSerializer.NUMBER_FIELDS, ConnectionSerializer.FLAGS,
                ConnectionSerializer.STRING_FIELDS).flatMap(Arrays::stream).sorted().toList();
        assertThat(instanceFields().stream().map(Field::getName).sorted().toList()).isEqualTo(written);
    }

    @Test
    void readsBackWhatThePojoSerializerReadsBack() throws IOException {
        TypeSerializer<Connection> pojo = org.apache.flink.api.common.typeinfo.TypeInformation.of(Connection.class)
                .createSerializer(new SerializerConfigImpl());
        ConnectionSerializer ours = new ConnectionSerializer();
        for (Connection c : getTestData()) {
            DataOutputSerializer a = new DataOutputSerializer(128);
            pojo.serialize(c, a);
            DataOutputSerializer b = new DataOutputSerializer(128);
            ours.serialize(c, b);
            Connection viaPojo = pojo.deserialize(new DataInputDeserializer(a.getCopyOfBuffer()));
            Connection viaOurs = ours.deserialize(new DataInputDeserializer(b.getCopyOfBuffer()));
            assertThat(fieldsOf(viaOurs)).isEqualTo(fieldsOf(viaPojo)).isEqualTo(fieldsOf(c));
        }
    }

    @Test
    void snapshotRestoresTheSameFormat() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, new ConnectionSerializer().snapshotConfiguration());
        TypeSerializerSnapshot<Connection> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(new ConnectionSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored)
                .isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(new ConnectionSerializer());
    }

    @Test
    void typeInfoCreatesThisSerializer() {
        assertThat(new ConnectionTypeInfo().createSerializer(new SerializerConfigImpl())).isInstanceOf(ConnectionSerializer.class);
        assertThat(new ConnectionTypeInfo().getTypeClass()).isEqualTo(Connection.class);
    }
}
