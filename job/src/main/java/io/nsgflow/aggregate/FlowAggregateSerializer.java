package io.nsgflow.aggregate;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.serialization.StringFields;
import io.nsgflow.serialization.StringTableSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for {@link FlowAggregate}, for the partial totals that cross the
 * network from the contributions to the keyed windows, without Avro's generic machinery.
 *
 * <p>Format (version 1): one byte with kind (2 bits), direction (2 bits, 0 = null) and outcome
 * (2 bits, 0 = null); a byte whose bits say which nullable fields are present; windowStart,
 * tuples, flows, allowed, denied, bytes, packets (long); destinationPort (int) when present; the
 * present strings ({@link StringFields}) in {@link #STRING_FIELDS} order.
 *
 * <p>For the stream only: the windows' accumulators stay Avro (state). When FlowAggregate.avsc
 * gains a field, this class must be extended (a test checks the schema's fields).
 */
public final class FlowAggregateSerializer extends StringTableSerializer<FlowAggregate> {

    private static final long serialVersionUID = 1L;

    /** The FlowAggregate fields this serializer writes, in schema order (checked against the schema by a test). */
    static final String[] FIELDS = {
        "kind", "windowStart", "ruleset", "ruleName", "sourceSubnet", "destinationSubnet", "peer", "direction",
        "destinationPort", "transport", "outcome", "tuples", "flows", "allowed", "denied", "bytes", "packets"
    };

    static final String[] STRING_FIELDS = {
        "ruleset", "ruleName", "sourceSubnet", "destinationSubnet", "peer", "transport"
    };

    private static final int RULESET = 0;
    private static final int RULE_NAME = 1;
    private static final int SOURCE_SUBNET = 2;
    private static final int DESTINATION_SUBNET = 3;
    private static final int PEER = 4;
    private static final int TRANSPORT = 5;
    private static final int STRINGS = 6;
    private static final int DESTINATION_PORT = 1 << 6;

    private static final AggregateKind[] KINDS = AggregateKind.values();
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Decision[] DECISIONS = Decision.values();

    public FlowAggregateSerializer() {
        super(STRINGS);
    }

    @Override
    public TypeSerializer<FlowAggregate> duplicate() {
        return new FlowAggregateSerializer(); // stateful: the string tables must not be shared between threads
    }

    @Override
    public FlowAggregate createInstance() {
        return new FlowAggregate();
    }

    /** All fields are immutable values, so a field-by-field copy is a deep copy. */
    @Override
    public FlowAggregate copy(FlowAggregate from) {
        return copy(from, new FlowAggregate());
    }

    @Override
    public FlowAggregate copy(FlowAggregate from, FlowAggregate reuse) {
        FlowAggregate to = reuse == null ? new FlowAggregate() : reuse;
        to.setKind(from.getKind());
        to.setWindowStart(from.getWindowStart());
        to.setRuleset(from.getRuleset());
        to.setRuleName(from.getRuleName());
        to.setSourceSubnet(from.getSourceSubnet());
        to.setDestinationSubnet(from.getDestinationSubnet());
        to.setPeer(from.getPeer());
        to.setDirection(from.getDirection());
        to.setDestinationPort(from.getDestinationPort());
        to.setTransport(from.getTransport());
        to.setOutcome(from.getOutcome());
        to.setTuples(from.getTuples());
        to.setFlows(from.getFlows());
        to.setAllowed(from.getAllowed());
        to.setDenied(from.getDenied());
        to.setBytes(from.getBytes());
        to.setPackets(from.getPackets());
        return to;
    }

    @Override
    public void serialize(FlowAggregate a, DataOutputView out) throws IOException {
        Direction direction = a.getDirection();
        Decision outcome = a.getOutcome();
        out.writeByte(a.getKind().ordinal()
                | (direction == null ? 0 : direction.ordinal() + 1) << 2
                | (outcome == null ? 0 : outcome.ordinal() + 1) << 4);
        String ruleset = a.getRuleset();
        String ruleName = a.getRuleName();
        String sourceSubnet = a.getSourceSubnet();
        String destinationSubnet = a.getDestinationSubnet();
        String peer = a.getPeer();
        String transport = a.getTransport();
        Integer port = a.getDestinationPort();
        out.writeByte((ruleset != null ? 1 << RULESET : 0)
                | (ruleName != null ? 1 << RULE_NAME : 0)
                | (sourceSubnet != null ? 1 << SOURCE_SUBNET : 0)
                | (destinationSubnet != null ? 1 << DESTINATION_SUBNET : 0)
                | (peer != null ? 1 << PEER : 0)
                | (transport != null ? 1 << TRANSPORT : 0)
                | (port != null ? DESTINATION_PORT : 0));
        out.writeLong(a.getWindowStart());
        out.writeLong(a.getTuples());
        out.writeLong(a.getFlows());
        out.writeLong(a.getAllowed());
        out.writeLong(a.getDenied());
        out.writeLong(a.getBytes());
        out.writeLong(a.getPackets());
        if (port != null) {
            out.writeInt(port);
        }
        writeString(RULESET, ruleset, out);
        writeString(RULE_NAME, ruleName, out);
        writeString(SOURCE_SUBNET, sourceSubnet, out);
        writeString(DESTINATION_SUBNET, destinationSubnet, out);
        writeString(PEER, peer, out);
        writeString(TRANSPORT, transport, out);
    }

    @Override
    public FlowAggregate deserialize(DataInputView in) throws IOException {
        return deserialize(new FlowAggregate(), in);
    }

    @Override
    public FlowAggregate deserialize(FlowAggregate reuse, DataInputView in) throws IOException {
        FlowAggregate a = reuse == null ? new FlowAggregate() : reuse;
        int enums = in.readUnsignedByte();
        int kind = enums & 3;
        int direction = enums >>> 2 & 3;
        int outcome = enums >>> 4 & 3;
        if (kind >= KINDS.length || direction > DIRECTIONS.length || outcome > DECISIONS.length || enums >>> 6 != 0) {
            throw new IOException("corrupt FlowAggregate: enum byte " + enums);
        }
        int present = in.readUnsignedByte();
        a.setKind(KINDS[kind]);
        a.setDirection(direction == 0 ? null : DIRECTIONS[direction - 1]);
        a.setOutcome(outcome == 0 ? null : DECISIONS[outcome - 1]);
        a.setWindowStart(in.readLong());
        a.setTuples(in.readLong());
        a.setFlows(in.readLong());
        a.setAllowed(in.readLong());
        a.setDenied(in.readLong());
        a.setBytes(in.readLong());
        a.setPackets(in.readLong());
        a.setDestinationPort((present & DESTINATION_PORT) != 0 ? in.readInt() : null);
        a.setRuleset(readString(RULESET, present, in));
        a.setRuleName(readString(RULE_NAME, present, in));
        a.setSourceSubnet(readString(SOURCE_SUBNET, present, in));
        a.setDestinationSubnet(readString(DESTINATION_SUBNET, present, in));
        a.setPeer(readString(PEER, present, in));
        a.setTransport(readString(TRANSPORT, present, in));
        return a;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeByte(source.readUnsignedByte());
        int present = source.readUnsignedByte();
        target.writeByte(present);
        for (int i = 0; i < 7; i++) {
            target.writeLong(source.readLong());
        }
        if ((present & DESTINATION_PORT) != 0) {
            target.writeInt(source.readInt());
        }
        for (int slot = 0; slot < STRINGS; slot++) {
            if ((present & 1 << slot) != 0) {
                StringFields.copy(source, target);
            }
        }
    }

    @Override
    public TypeSerializerSnapshot<FlowAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; the snapshot's version is the format's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FlowAggregate> {
        public Snapshot() {
            super(FlowAggregateSerializer::new);
        }
    }
}
