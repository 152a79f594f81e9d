package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import io.nsgflow.net.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer test suite (round trips one by one and as sequences, with and without reuse,
 * copies, duplicates used concurrently, snapshot and restore), plus what is particular to this
 * serializer: it knows every field of the schema, and its tables of remembered strings never
 * change what is read or written.
 */
class FlowRecordSerializerTest extends SerializerTestBase<FlowRecord> {

    static final String NSG = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG-1/"
            + "PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-WEB";

    @Override
    protected TypeSerializer<FlowRecord> createSerializer() {
        return new FlowRecordSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<FlowRecord> getTypeClass() {
        return FlowRecord.class;
    }

    @Override
    protected FlowRecord[] getTestData() {
        return new FlowRecord[] {
            nsgV2("10.0.1.4", "52.1.2.3", FlowState.BEGIN, 0L),
            nsgV2("10.0.1.4", "52.1.2.3", FlowState.CONTINUING, 123_456_789_012L),
            nsgV2("10.0.1.5", "52.1.2.3", FlowState.END, 7L),
            nsgV2("fd00::1", "2001:db8::ff", FlowState.BEGIN, 0L),
            nsgV1(),
            vnetV4(),
            minimal(),
            withUnicode(),
        };
    }

    static FlowRecord nsgV2(String src, String dst, FlowState state, long bytes) {
        return new FlowRecord(1_763_632_800_000L, LogFormat.NSG_V2, src, dst, 443, 50_123, 6,
                Direction.INBOUND, Decision.ALLOW, state, 10L, bytes, 12L, bytes * 2, "UserRule_AllowHttps",
                "00-0D-3A-00-00-01", NSG, null, null, null, null, 1_763_632_800_000L, null,
                "abcdef01-2345-6789-0abc-def012345678", "00-0D-3A-00-00-01", hi(src), lo(src), hi(dst), lo(dst));
    }

    static FlowRecord nsgV1() {
        return new FlowRecord(-5L, LogFormat.NSG_V1, "10.0.0.1", "10.0.0.2", 0, 65_535, 17,
                Direction.OUTBOUND, Decision.DENY, null, null, null, null, null, "DefaultRule_DenyAllInBound",
                "000D3AF87856", NSG, null, null, null, null, null, null, null, null, hi("10.0.0.1"), lo("10.0.0.1"),
                hi("10.0.0.2"), lo("10.0.0.2"));
    }

    static FlowRecord vnetV4() {
        return new FlowRecord(Long.MAX_VALUE, LogFormat.VNET_V4, "10.1.2.3", "8.8.8.8", 1, 53, 17,
                Direction.OUTBOUND, Decision.DENY, FlowState.BEGIN, Long.MIN_VALUE, 0L, -1L, Long.MAX_VALUE,
                "BlockHighRiskTCPPortsFromInternet", null, null, "11111111-0000-4000-8000-000000000003",
                "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-1",
                "/subscriptions/x/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw/flowLogs/fl",
                "NX_HW_NOT_SUPPORTED", Long.MIN_VALUE, "abcdef01-2345-6789-0abc-def012345678", null,
                "00-22-48-71-C2-05", hi("10.1.2.3"), lo("10.1.2.3"), hi("8.8.8.8"), lo("8.8.8.8"));
    }

    /** Only what the schema requires; every nullable field null. */
    static FlowRecord minimal() {
        return new FlowRecord(0L, LogFormat.NSG_V2, "", "0.0.0.0", 0, 0, 1, Direction.INBOUND, Decision.DENY,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                Long.MIN_VALUE, -1L, Long.MAX_VALUE, 0L);
    }

    static FlowRecord withUnicode() {
        return new FlowRecord(1L, LogFormat.NSG_V2, "10.0.0.9", "10.0.0.10", 22, 22, 6, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN, 1L, 2L, 3L, 4L, "UserRule_Zugriff-\u00fcber-\u00c4\u20ac-\ud83d\ude80",
                "00-0D-3A-00-00-09", NSG + "-\u00e9", null, null, null, "X", null, null, "g\u00fcid", null,
                hi("10.0.0.9"), lo("10.0.0.9"), hi("10.0.0.10"), lo("10.0.0.10"));
    }

    private static long hi(String address) {
        return IpAddress.parse(address).hi();
    }

    private static long lo(String address) {
        return IpAddress.parse(address).lo();
    }

    @Test
    void writesEverySchemaFieldInSchemaOrder() {
        List<String> schemaFields = new ArrayList<>();
        for (Schema.Field f : FlowRecord.getClassSchema().getFields()) {
            schemaFields.add(f.name());
        }
        assertThat(schemaFields).containsExactly(FlowRecordSerializer.FIELDS);
        for (String s : FlowRecordSerializer.STRING_FIELDS) {
            Schema type = FlowRecord.getClassSchema().getField(s).schema();
            assertThat(type.toString()).as(s).contains("\"string\"");
        }
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws IOException {
        TypeSerializerSnapshot<FlowRecord> snapshot = new FlowRecordSerializer().snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<FlowRecord> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored).isInstanceOf(FlowRecordSerializer.Snapshot.class);
        assertThat(restored.getCurrentVersion()).isEqualTo(snapshot.getCurrentVersion());
        TypeSerializerSchemaCompatibility<FlowRecord> compatibility =
                new FlowRecordSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        TypeSerializer<FlowRecord> restoredSerializer = restored.restoreSerializer();
        assertThat(restoredSerializer).isEqualTo(new FlowRecordSerializer());

        // what the old serializer wrote, the restored one reads
        DataOutputSerializer data = new DataOutputSerializer(256);
        for (FlowRecord r : getTestData()) {
            new FlowRecordSerializer().serialize(r, data);
        }
        DataInputDeserializer in = new DataInputDeserializer(data.getCopyOfBuffer());
        for (FlowRecord r : getTestData()) {
            assertThat(restoredSerializer.deserialize(in)).isEqualTo(r);
        }
    }

    @Test
    void typeInfoCreatesThisSerializer() {
        assertThat(new FlowRecordTypeInfo().createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(FlowRecordSerializer.class);
        assertThat(new FlowRecordTypeInfo()).isEqualTo(new FlowRecordTypeInfo());
        assertThat(new FlowRecordTypeInfo().getTypeClass()).isEqualTo(FlowRecord.class);
    }

    /**
     * Many distinct values of equal length and equal endings (they share a table slot), interleaved
     * with repeated ones: every value read is the value written, and one serializer instance writes
     * exactly the bytes a fresh one writes.
     */
    @Test
    void rememberedStringsNeverChangeWhatIsReadOrWritten() throws IOException {
        List<FlowRecord> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String src = "10." + (i % 7) + "." + (i / 7 % 250) + ".4";
            String nsg = NSG.substring(0, NSG.length() - 3) + (char) ('A' + i % 26) + "EB";
            FlowRecord r = nsgV2(src, i % 3 == 0 ? "52.1.2.3" : src.replace(".4", ".5"), FlowState.BEGIN, i);
            r.setNsgResourceId(i % 5 == 0 ? NSG : nsg);
            r.setMac(i % 2 == 0 ? "00-0D-3A-00-00-01" : "00-0D-3A-00-0" + (i % 10) + "-01");
            r.setRule(i % 11 == 0 ? null : "UserRule_R" + (i % 13));
            records.add(r);
        }
        FlowRecordSerializer writer = new FlowRecordSerializer();
        FlowRecordSerializer reader = new FlowRecordSerializer();
        DataOutputSerializer all = new DataOutputSerializer(1 << 16);
        for (FlowRecord r : records) {
            DataOutputSerializer alone = new DataOutputSerializer(256);
            new FlowRecordSerializer().serialize(r, alone);
            int before = all.length();
            writer.serialize(r, all);
            assertThat(java.util.Arrays.copyOfRange(all.getSharedBuffer(), before, all.length()))
                    .isEqualTo(alone.getCopyOfBuffer());
        }
        DataInputDeserializer in = new DataInputDeserializer(all.getCopyOfBuffer());
        for (FlowRecord r : records) {
            assertThat(reader.deserialize(in)).isEqualTo(r);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void repeatedStringsAreReadAsOneInstance() throws IOException {
        FlowRecordSerializer s = new FlowRecordSerializer();
        DataOutputSerializer out = new DataOutputSerializer(512);
        s.serialize(nsgV2("10.0.1.4", "52.1.2.3", FlowState.BEGIN, 1L), out);
        s.serialize(nsgV2("10.0.1.4", "52.1.2.3", FlowState.END, 2L), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        FlowRecord a = s.deserialize(in);
        FlowRecord b = s.deserialize(in);
        assertThat(b.getNsgResourceId()).isSameAs(a.getNsgResourceId());
        assertThat(b.getMac()).isSameAs(a.getMac());
        assertThat(b.getSrcIp()).isSameAs(a.getSrcIp());
    }
}
