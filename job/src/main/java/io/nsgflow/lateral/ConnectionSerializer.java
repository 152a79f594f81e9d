package io.nsgflow.lateral;

import io.nsgflow.serialization.StringFields;
import io.nsgflow.serialization.StringTableSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for the {@link Connection}s that cross from the east-west filter to
 * the per-source detectors (keyed by source): one per east-west connection-start line, so Flink's
 * POJO serializer (a null marker and a reflective write per field, every string decoded anew)
 * was a visible part of the detectors' cost. Their strings repeat (addresses of busy hosts, NSG
 * and rule names, the policy version), which {@link StringFields} exploits on reading.
 *
 * <p>Format (version 1): time (long); srcPort, dstPort, exempt, folded (int); one byte of flags in
 * {@link #FLAGS} order; an int whose bits say which strings are present; the present strings in
 * {@link #STRING_FIELDS} order.
 *
 * <p>For the stream only; the detectors' state writes its connections with
 * {@link SourceStateSerializer} (the same numbers, strings written once per state value). A new
 * field of Connection must be added here and there (tests check that every field is written).
 */
public final class ConnectionSerializer extends StringTableSerializer<Connection> {

    private static final long serialVersionUID = 1L;

    /** The non-string fields, in the order written. */
    static final String[] NUMBER_FIELDS = {"time", "srcPort", "dstPort", "exempt", "folded"};
    /** The boolean fields, bit i of the flags byte. */
    static final String[] FLAGS = {
        "allowed", "defaultRule", "wideRule", "crossesSubnet", "newEdge", "newAdminDestination"
    };
    /** The string fields; index = string slot. */
    static final String[] STRING_FIELDS = {"src", "dst", "protocol", "nsg", "rule", "srcNic", "srcMac", "policyVersion"};

    private static final int SRC = 0;
    private static final int DST = 1;
    private static final int PROTOCOL = 2;
    private static final int NSG = 3;
    private static final int RULE = 4;
    private static final int SRC_NIC = 5;
    private static final int SRC_MAC = 6;
    private static final int POLICY_VERSION = 7;
    private static final int STRINGS = 8;

    public ConnectionSerializer() {
        super(STRINGS);
    }

    @Override
    public TypeSerializer<Connection> duplicate() {
        return new ConnectionSerializer(); // stateful: the string tables must not be shared between threads
    }

    @Override
    public Connection createInstance() {
        return new Connection();
    }

    @Override
    public Connection copy(Connection from) {
        return copy(from, new Connection());
    }

    /** Every field is a primitive or a String, so a field-by-field copy is a deep copy. */
    @Override
    public Connection copy(Connection from, Connection reuse) {
        Connection to = reuse == null ? new Connection() : reuse;
        to.time = from.time;
        to.src = from.src;
        to.dst = from.dst;
        to.srcPort = from.srcPort;
        to.dstPort = from.dstPort;
        to.protocol = from.protocol;
        to.allowed = from.allowed;
        to.nsg = from.nsg;
        to.rule = from.rule;
        to.defaultRule = from.defaultRule;
        to.wideRule = from.wideRule;
        to.crossesSubnet = from.crossesSubnet;
        to.srcNic = from.srcNic;
        to.srcMac = from.srcMac;
        to.policyVersion = from.policyVersion;
        to.exempt = from.exempt;
        to.folded = from.folded;
        to.newEdge = from.newEdge;
        to.newAdminDestination = from.newAdminDestination;
        return to;
    }

    @Override
    public void serialize(Connection c, DataOutputView out) throws IOException {
        writeNumbers(c, out);
        int present = (c.src != null ? 1 << SRC : 0)
                | (c.dst != null ? 1 << DST : 0)
                | (c.protocol != null ? 1 << PROTOCOL : 0)
                | (c.nsg != null ? 1 << NSG : 0)
                | (c.rule != null ? 1 << RULE : 0)
                | (c.srcNic != null ? 1 << SRC_NIC : 0)
                | (c.srcMac != null ? 1 << SRC_MAC : 0)
                | (c.policyVersion != null ? 1 << POLICY_VERSION : 0);
        out.writeInt(present);
        writeString(SRC, c.src, out);
        writeString(DST, c.dst, out);
        writeString(PROTOCOL, c.protocol, out);
        writeString(NSG, c.nsg, out);
        writeString(RULE, c.rule, out);
        writeString(SRC_NIC, c.srcNic, out);
        writeString(SRC_MAC, c.srcMac, out);
        writeString(POLICY_VERSION, c.policyVersion, out);
    }

    /** The fields in {@link #NUMBER_FIELDS} and {@link #FLAGS} order; shared with {@link SourceStateSerializer}. */
    static void writeNumbers(Connection c, DataOutputView out) throws IOException {
        out.writeLong(c.time);
        out.writeInt(c.srcPort);
        out.writeInt(c.dstPort);
        out.writeInt(c.exempt);
        out.writeInt(c.folded);
        out.writeByte((c.allowed ? 1 : 0)
                | (c.defaultRule ? 2 : 0)
                | (c.wideRule ? 4 : 0)
                | (c.crossesSubnet ? 8 : 0)
                | (c.newEdge ? 16 : 0)
                | (c.newAdminDestination ? 32 : 0));
    }

    static void readNumbers(Connection c, DataInputView in) throws IOException {
        c.time = in.readLong();
        c.srcPort = in.readInt();
        c.dstPort = in.readInt();
        c.exempt = in.readInt();
        c.folded = in.readInt();
        int flags = in.readUnsignedByte();
        if (flags >>> FLAGS.length != 0) {
            throw new IOException("corrupt Connection: flags " + flags);
        }
        c.allowed = (flags & 1) != 0;
        c.defaultRule = (flags & 2) != 0;
        c.wideRule = (flags & 4) != 0;
        c.crossesSubnet = (flags & 8) != 0;
        c.newEdge = (flags & 16) != 0;
        c.newAdminDestination = (flags & 32) != 0;
    }

    @Override
    public Connection deserialize(DataInputView in) throws IOException {
        return deserialize(new Connection(), in);
    }

    @Override
    public Connection deserialize(Connection reuse, DataInputView in) throws IOException {
        Connection c = reuse == null ? new Connection() : reuse;
        readNumbers(c, in);
        int present = in.readInt();
        c.src = readString(SRC, present, in);
        c.dst = readString(DST, present, in);
        c.protocol = readString(PROTOCOL, present, in);
        c.nsg = readString(NSG, present, in);
        c.rule = readString(RULE, present, in);
        c.srcNic = readString(SRC_NIC, present, in);
        c.srcMac = readString(SRC_MAC, present, in);
        c.policyVersion = readString(POLICY_VERSION, present, in);
        return c;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeLong(source.readLong());
        for (int i = 0; i < 4; i++) {
            target.writeInt(source.readInt());
        }
        target.writeByte(source.readUnsignedByte());
        int present = source.readInt();
        target.writeInt(present);
        for (int slot = 0; slot < STRINGS; slot++) {
            if ((present & 1 << slot) != 0) {
                StringFields.copy(source, target);
            }
        }
    }

    @Override
    public TypeSerializerSnapshot<Connection> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; the snapshot's version is the format's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Connection> {
        public Snapshot() {
            super(ConnectionSerializer::new);
        }
    }
}
