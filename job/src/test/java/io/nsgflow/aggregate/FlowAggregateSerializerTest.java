package io.nsgflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
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
import org.junit.jupiter.api.Test;

/** Flink's serializer test suite, plus: every schema field is written, and snapshots restore. */
class FlowAggregateSerializerTest extends SerializerTestBase<FlowAggregate> {

    static final String SUBNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/";

    @Override
    protected TypeSerializer<FlowAggregate> createSerializer() {
        return new FlowAggregateSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<FlowAggregate> getTypeClass() {
        return FlowAggregate.class;
    }

    @Override
    protected FlowAggregate[] getTestData() {
        FlowAggregate rule = FlowAggregates.empty();
        rule.setWindowStart(1_763_632_800_000L);
        rule.setRuleset("nsg-web");
        rule.setRuleName("UserRule_AllowHttps");
        rule.setTuples(3L);
        rule.setFlows(1L);
        rule.setAllowed(1L);
        rule.setBytes(123_456_789_012L);
        rule.setPackets(77L);

        FlowAggregate eastWest = FlowAggregates.empty();
        eastWest.setKind(AggregateKind.EAST_WEST);
        eastWest.setWindowStart(-60_000L);
        eastWest.setSourceSubnet(SUBNET + "web");
        eastWest.setDestinationSubnet(SUBNET + "db-\u00e9\u20ac");
        eastWest.setDestinationPort(1433);
        eastWest.setTransport("TCP");
        eastWest.setOutcome(Decision.DENY);
        eastWest.setTuples(Long.MAX_VALUE);
        eastWest.setDenied(Long.MIN_VALUE);

        FlowAggregate northSouth = FlowAggregates.empty();
        northSouth.setKind(AggregateKind.NORTH_SOUTH);
        northSouth.setPeer("2001:db8::1");
        northSouth.setDirection(Direction.OUTBOUND);
        northSouth.setDestinationPort(0);
        northSouth.setTransport("");
        northSouth.setOutcome(Decision.ALLOW);
        northSouth.setTuples(1L);

        FlowAggregate inbound = FlowAggregates.withWindowStart(northSouth, 60_000L);
        inbound.setDirection(Direction.INBOUND);
        inbound.setDestinationPort(65_535);

        return new FlowAggregate[] {rule, eastWest, northSouth, inbound, FlowAggregates.empty()};
    }

    @Test
    void writesEverySchemaFieldInSchemaOrder() {
        List<String> schemaFields = new ArrayList<>();
        for (Schema.Field f : FlowAggregate.getClassSchema().getFields()) {
            schemaFields.add(f.name());
        }
        assertThat(schemaFields).containsExactly(FlowAggregateSerializer.FIELDS);
        for (String s : FlowAggregateSerializer.STRING_FIELDS) {
            assertThat(FlowAggregate.getClassSchema().getField(s).schema().toString()).as(s).contains("\"string\"");
        }
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws IOException {
        TypeSerializerSnapshot<FlowAggregate> snapshot = new FlowAggregateSerializer().snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<FlowAggregate> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(restored).isInstanceOf(FlowAggregateSerializer.Snapshot.class);
        TypeSerializerSchemaCompatibility<FlowAggregate> compatibility =
                new FlowAggregateSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        TypeSerializer<FlowAggregate> restoredSerializer = restored.restoreSerializer();
        DataOutputSerializer data = new DataOutputSerializer(256);
        for (FlowAggregate a : getTestData()) {
            new FlowAggregateSerializer().serialize(a, data);
        }
        DataInputDeserializer in = new DataInputDeserializer(data.getCopyOfBuffer());
        for (FlowAggregate a : getTestData()) {
            assertThat(restoredSerializer.deserialize(in)).isEqualTo(a);
        }
    }

    @Test
    void typeInfoCreatesThisSerializer() {
        assertThat(new FlowAggregateTypeInfo().createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(FlowAggregateSerializer.class);
        assertThat(new FlowAggregateTypeInfo()).isEqualTo(new FlowAggregateTypeInfo());
    }

    @Test
    void keyTextIsTheKindAndItsPartsNulSeparated() {
        // hand-written expectations: the key names exactly the fields of its kind, in this order
        FlowAggregate rule = FlowAggregates.empty();
        rule.setKind(AggregateKind.RULE);
        rule.setRuleset("nsg-web");
        rule.setRuleName("UserRule_AllowHttps");
        rule.setPeer("ignored: not a part of rule keys");
        assertThat(FlowAggregates.key(rule)).isEqualTo("RULE\u0000nsg-web\u0000UserRule_AllowHttps");
        FlowAggregate ns = FlowAggregates.empty();
        ns.setKind(AggregateKind.NORTH_SOUTH);
        ns.setPeer("8.8.8.8");
        ns.setDirection(io.nsgflow.net.Direction.OUTBOUND);
        ns.setDestinationPort(53);
        ns.setTransport("udp");
        ns.setOutcome(io.nsgflow.flowlog.Decision.ALLOW);
        ns.setRuleset("ignored");
        assertThat(FlowAggregates.key(ns)).isEqualTo("NORTH_SOUTH\u00008.8.8.8\u0000OUTBOUND\u000053\u0000udp\u0000ALLOW");
        FlowAggregate ew = FlowAggregates.empty();
        ew.setKind(AggregateKind.EAST_WEST);
        ew.setSourceSubnet("a");
        ew.setDestinationSubnet("b");
        assertThat(FlowAggregates.key(ew)).isEqualTo("EAST_WEST\u0000a\u0000b\u0000null\u0000null\u0000null");
    }
}
