package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
import java.io.IOException;
import io.nsgflow.serialization.StringFields;
import io.nsgflow.serialization.StringTableSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for {@link FlowRecord}, for the records that cross the network between
 * decoding and the re-evaluation (keyed by NIC): the same values as Avro's encoding, without
 * Avro's generic machinery (schema resolution, union lookup, enum creation by reflection, a Utf8
 * per string).
 *
 * <p>Format (version 2): eventTime (long); one byte with logFormat (2 bits), direction (1),
 * decision (1) and flowState (2 bits, 0 = null); srcPort, dstPort (int); protocol (unsigned
 * byte); an int whose bits say which nullable fields are present; then the present counters and
 * recordTime (long) and the present strings (varint length, UTF-8), in {@link #STRING_FIELDS} order.
 *
 * <p>The strings of a flow record repeat from tuple to tuple (NSG and flow-log resource ids, MAC,
 * rule name: one value per log record; addresses of busy hosts): {@link StringFields} remembers
 * them per instance, which is why {@link #duplicate()} returns a new one. Nothing of this changes
 * the bytes written: every record is encoded in full.
 *
 * <p>Used for the stream only, not for state: the re-evaluation's waiting flows stay Avro, which
 * evolves with the schema. When FlowRecord.avsc gains a field, this class must be extended (a test
 * checks that the schema has exactly the fields written here).
 */
public final class FlowRecordSerializer extends StringTableSerializer<FlowRecord> {

    private static final long serialVersionUID = 1L;

    /** The FlowRecord fields this serializer writes, in schema order (checked against the schema by a test). */
    static final String[] FIELDS = {
        "eventTime", "logFormat", "srcIp", "dstIp", "srcPort", "dstPort", "protocol", "direction", "decision",
        "flowState", "packetsSrcToDst", "bytesSrcToDst", "packetsDstToSrc", "bytesDstToSrc", "rule", "mac",
        "nsgResourceId", "aclId", "targetResourceId", "flowLogResourceId", "encryption", "recordTime", "flowLogGuid",
        "systemId", "recordMac", "srcIpHigh", "srcIpLow", "dstIpHigh", "dstIpLow"
    };

    /** The string fields, in the order they are written; index = string slot. */
    static final String[] STRING_FIELDS = {
        "srcIp", "dstIp", "rule", "mac", "nsgResourceId", "aclId", "targetResourceId",
        "flowLogResourceId", "encryption", "flowLogGuid", "systemId", "recordMac"
    };

    private static final int SRC_IP = 0;
    private static final int DST_IP = 1;
    private static final int RULE = 2;
    private static final int MAC = 3;
    private static final int NSG_RESOURCE_ID = 4;
    private static final int ACL_ID = 5;
    private static final int TARGET_RESOURCE_ID = 6;
    private static final int FLOW_LOG_RESOURCE_ID = 7;
    private static final int ENCRYPTION = 8;
    private static final int FLOW_LOG_GUID = 9;
    private static final int SYSTEM_ID = 10;
    private static final int RECORD_MAC = 11;
    private static final int STRINGS = 12;

    // presence bits: strings 0..11, then the counters and recordTime
    private static final int PACKETS_SRC_TO_DST = 1 << 12;
    private static final int BYTES_SRC_TO_DST = 1 << 13;
    private static final int PACKETS_DST_TO_SRC = 1 << 14;
    private static final int BYTES_DST_TO_SRC = 1 << 15;
    private static final int RECORD_TIME = 1 << 16;
    /** The presence bits of the nullable longs, in the order they are written. */
    private static final int[] LONG_FIELDS = {
        PACKETS_SRC_TO_DST, BYTES_SRC_TO_DST, PACKETS_DST_TO_SRC, BYTES_DST_TO_SRC, RECORD_TIME
    };

    private static final LogFormat[] LOG_FORMATS = LogFormat.values();
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Decision[] DECISIONS = Decision.values();
    private static final FlowState[] FLOW_STATES = FlowState.values();

    public FlowRecordSerializer() {
        super(STRINGS);
    }

    @Override
    public TypeSerializer<FlowRecord> duplicate() {
        return new FlowRecordSerializer(); // stateful: the string tables must not be shared between threads
    }

    @Override
    public FlowRecord createInstance() {
        return new FlowRecord();
    }

    /** All fields are immutable values (String, boxed numbers, enums), so a field-by-field copy is a deep copy. */
    @Override
    public FlowRecord copy(FlowRecord from) {
        return copy(from, new FlowRecord());
    }

    @Override
    public FlowRecord copy(FlowRecord from, FlowRecord reuse) {
        FlowRecord to = reuse == null ? new FlowRecord() : reuse;
        to.setEventTime(from.getEventTime());
        to.setLogFormat(from.getLogFormat());
        to.setSrcIp(from.getSrcIp());
        to.setDstIp(from.getDstIp());
        to.setSrcPort(from.getSrcPort());
        to.setDstPort(from.getDstPort());
        to.setProtocol(from.getProtocol());
        to.setDirection(from.getDirection());
        to.setDecision(from.getDecision());
        to.setFlowState(from.getFlowState());
        to.setPacketsSrcToDst(from.getPacketsSrcToDst());
        to.setBytesSrcToDst(from.getBytesSrcToDst());
        to.setPacketsDstToSrc(from.getPacketsDstToSrc());
        to.setBytesDstToSrc(from.getBytesDstToSrc());
        to.setRule(from.getRule());
        to.setMac(from.getMac());
        to.setNsgResourceId(from.getNsgResourceId());
        to.setAclId(from.getAclId());
        to.setTargetResourceId(from.getTargetResourceId());
        to.setFlowLogResourceId(from.getFlowLogResourceId());
        to.setEncryption(from.getEncryption());
        to.setRecordTime(from.getRecordTime());
        to.setFlowLogGuid(from.getFlowLogGuid());
        to.setSystemId(from.getSystemId());
        to.setRecordMac(from.getRecordMac());
        to.setSrcIpHigh(from.getSrcIpHigh());
        to.setSrcIpLow(from.getSrcIpLow());
        to.setDstIpHigh(from.getDstIpHigh());
        to.setDstIpLow(from.getDstIpLow());
        return to;
    }

    @Override
    public void serialize(FlowRecord r, DataOutputView out) throws IOException {
        out.writeLong(r.getEventTime());
        FlowState state = r.getFlowState();
        out.writeByte(r.getLogFormat().ordinal()
                | r.getDirection().ordinal() << 2
                | r.getDecision().ordinal() << 3
                | (state == null ? 0 : state.ordinal() + 1) << 4);
        out.writeInt(r.getSrcPort());
        out.writeInt(r.getDstPort());
        out.writeByte(r.getProtocol());
        out.writeLong(r.getSrcIpHigh());
        out.writeLong(r.getSrcIpLow());
        out.writeLong(r.getDstIpHigh());
        out.writeLong(r.getDstIpLow());
        String srcIp = r.getSrcIp();
        String dstIp = r.getDstIp();
        String rule = r.getRule();
        String mac = r.getMac();
        String nsgResourceId = r.getNsgResourceId();
        String aclId = r.getAclId();
        String targetResourceId = r.getTargetResourceId();
        String flowLogResourceId = r.getFlowLogResourceId();
        String encryption = r.getEncryption();
        String flowLogGuid = r.getFlowLogGuid();
        String systemId = r.getSystemId();
        String recordMac = r.getRecordMac();
        Long packetsOut = r.getPacketsSrcToDst();
        Long bytesOut = r.getBytesSrcToDst();
        Long packetsIn = r.getPacketsDstToSrc();
        Long bytesIn = r.getBytesDstToSrc();
        Long recordTime = r.getRecordTime();
        int present = (srcIp != null ? 1 << SRC_IP : 0)
                | (dstIp != null ? 1 << DST_IP : 0)
                | (rule != null ? 1 << RULE : 0)
                | (mac != null ? 1 << MAC : 0)
                | (nsgResourceId != null ? 1 << NSG_RESOURCE_ID : 0)
                | (aclId != null ? 1 << ACL_ID : 0)
                | (targetResourceId != null ? 1 << TARGET_RESOURCE_ID : 0)
                | (flowLogResourceId != null ? 1 << FLOW_LOG_RESOURCE_ID : 0)
                | (encryption != null ? 1 << ENCRYPTION : 0)
                | (flowLogGuid != null ? 1 << FLOW_LOG_GUID : 0)
                | (systemId != null ? 1 << SYSTEM_ID : 0)
                | (recordMac != null ? 1 << RECORD_MAC : 0)
                | (packetsOut != null ? PACKETS_SRC_TO_DST : 0)
                | (bytesOut != null ? BYTES_SRC_TO_DST : 0)
                | (packetsIn != null ? PACKETS_DST_TO_SRC : 0)
                | (bytesIn != null ? BYTES_DST_TO_SRC : 0)
                | (recordTime != null ? RECORD_TIME : 0);
        out.writeInt(present);
        if (packetsOut != null) {
            out.writeLong(packetsOut);
        }
        if (bytesOut != null) {
            out.writeLong(bytesOut);
        }
        if (packetsIn != null) {
            out.writeLong(packetsIn);
        }
        if (bytesIn != null) {
            out.writeLong(bytesIn);
        }
        if (recordTime != null) {
            out.writeLong(recordTime);
        }
        writeString(SRC_IP, srcIp, out);
        writeString(DST_IP, dstIp, out);
        writeString(RULE, rule, out);
        writeString(MAC, mac, out);
        writeString(NSG_RESOURCE_ID, nsgResourceId, out);
        writeString(ACL_ID, aclId, out);
        writeString(TARGET_RESOURCE_ID, targetResourceId, out);
        writeString(FLOW_LOG_RESOURCE_ID, flowLogResourceId, out);
        writeString(ENCRYPTION, encryption, out);
        writeString(FLOW_LOG_GUID, flowLogGuid, out);
        writeString(SYSTEM_ID, systemId, out);
        writeString(RECORD_MAC, recordMac, out);
    }

    @Override
    public FlowRecord deserialize(DataInputView in) throws IOException {
        return deserialize(new FlowRecord(), in);
    }

    @Override
    public FlowRecord deserialize(FlowRecord reuse, DataInputView in) throws IOException {
        FlowRecord r = reuse == null ? new FlowRecord() : reuse;
        r.setEventTime(in.readLong());
        int enums = in.readUnsignedByte();
        int format = enums & 3;
        int state = enums >>> 4 & 3;
        if (format >= LOG_FORMATS.length || enums >>> 6 != 0) {
            throw new IOException("corrupt FlowRecord: enum byte " + enums);
        }
        r.setLogFormat(LOG_FORMATS[format]);
        r.setDirection(DIRECTIONS[enums >>> 2 & 1]);
        r.setDecision(DECISIONS[enums >>> 3 & 1]);
        r.setFlowState(state == 0 ? null : FLOW_STATES[state - 1]);
        r.setSrcPort(in.readInt());
        r.setDstPort(in.readInt());
        r.setProtocol(in.readUnsignedByte());
        r.setSrcIpHigh(in.readLong());
        r.setSrcIpLow(in.readLong());
        r.setDstIpHigh(in.readLong());
        r.setDstIpLow(in.readLong());
        int present = in.readInt();
        r.setPacketsSrcToDst((present & PACKETS_SRC_TO_DST) != 0 ? in.readLong() : null);
        r.setBytesSrcToDst((present & BYTES_SRC_TO_DST) != 0 ? in.readLong() : null);
        r.setPacketsDstToSrc((present & PACKETS_DST_TO_SRC) != 0 ? in.readLong() : null);
        r.setBytesDstToSrc((present & BYTES_DST_TO_SRC) != 0 ? in.readLong() : null);
        r.setRecordTime((present & RECORD_TIME) != 0 ? in.readLong() : null);
        r.setSrcIp(readString(SRC_IP, present, in));
        r.setDstIp(readString(DST_IP, present, in));
        r.setRule(readString(RULE, present, in));
        r.setMac(readString(MAC, present, in));
        r.setNsgResourceId(readString(NSG_RESOURCE_ID, present, in));
        r.setAclId(readString(ACL_ID, present, in));
        r.setTargetResourceId(readString(TARGET_RESOURCE_ID, present, in));
        r.setFlowLogResourceId(readString(FLOW_LOG_RESOURCE_ID, present, in));
        r.setEncryption(readString(ENCRYPTION, present, in));
        r.setFlowLogGuid(readString(FLOW_LOG_GUID, present, in));
        r.setSystemId(readString(SYSTEM_ID, present, in));
        r.setRecordMac(readString(RECORD_MAC, present, in));
        return r;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeLong(source.readLong());
        target.writeByte(source.readUnsignedByte());
        target.writeInt(source.readInt());
        target.writeInt(source.readInt());
        target.writeByte(source.readUnsignedByte());
        for (int i = 0; i < 4; i++) { // the addresses' bits
            target.writeLong(source.readLong());
        }
        int present = source.readInt();
        target.writeInt(present);
        for (int bit : LONG_FIELDS) {
            if ((present & bit) != 0) {
                target.writeLong(source.readLong());
            }
        }
        for (int slot = 0; slot < STRINGS; slot++) {
            if ((present & 1 << slot) != 0) {
                StringFields.copy(source, target);
            }
        }
    }

    @Override
    public TypeSerializerSnapshot<FlowRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; the snapshot's version is the format's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FlowRecord> {
        public Snapshot() {
            super(FlowRecordSerializer::new);
        }
    }
}
