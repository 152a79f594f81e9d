package io.nsgflow.flowlog;

import com.fasterxml.jackson.core.JsonGenerator;
import io.nsgflow.net.Protocol;
import java.io.IOException;

/**
 * Writes FlowRecords and Rejections as flat JSON objects with the FlowRecord field names, plus
 * {@code transport}: the protocol's IANA keyword (lower case) next to its number.
 */
public final class FlowRecordJson {

    private FlowRecordJson() {}

    /** One FlowRecord as a JSON object; absent values are written as null so every line has every field. */
    public static void write(JsonGenerator g, FlowRecord r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("eventTime", r.getEventTime());
        g.writeStringField("logFormat", r.getLogFormat().name());
        g.writeStringField("srcIp", r.getSrcIp());
        g.writeStringField("dstIp", r.getDstIp());
        g.writeNumberField("srcPort", r.getSrcPort());
        g.writeNumberField("dstPort", r.getDstPort());
        g.writeNumberField("protocol", r.getProtocol());
        g.writeStringField("transport", Protocol.name(r.getProtocol()));
        g.writeStringField("direction", r.getDirection().name());
        g.writeStringField("decision", r.getDecision().name());
        g.writeStringField("flowState", r.getFlowState() == null ? null : r.getFlowState().name());
        writeLong(g, "packetsSrcToDst", r.getPacketsSrcToDst());
        writeLong(g, "bytesSrcToDst", r.getBytesSrcToDst());
        writeLong(g, "packetsDstToSrc", r.getPacketsDstToSrc());
        writeLong(g, "bytesDstToSrc", r.getBytesDstToSrc());
        g.writeStringField("rule", r.getRule());
        g.writeStringField("mac", r.getMac());
        g.writeStringField("nsgResourceId", r.getNsgResourceId());
        g.writeStringField("aclId", r.getAclId());
        g.writeStringField("targetResourceId", r.getTargetResourceId());
        g.writeStringField("flowLogResourceId", r.getFlowLogResourceId());
        g.writeStringField("encryption", r.getEncryption());
        writeLong(g, "recordTime", r.getRecordTime());
        g.writeStringField("flowLogGuid", r.getFlowLogGuid());
        g.writeStringField("systemId", r.getSystemId());
        g.writeStringField("recordMac", r.getRecordMac());
        g.writeEndObject();
    }

    /** One Rejection as a JSON object; {@code source} names the input (a file, or - for stdin). */
    public static void write(JsonGenerator g, Rejection r, String source) throws IOException {
        g.writeStartObject();
        g.writeStringField("reason", r.reason().name());
        g.writeStringField("message", r.message());
        g.writeStringField("source", source);
        g.writeNumberField("document", r.document());
        if (r.record() >= 0) {
            g.writeNumberField("record", r.record());
        } else {
            g.writeNullField("record");
        }
        g.writeStringField("path", r.path());
        g.writeNumberField("offset", r.offset());
        g.writeStringField("excerpt", r.excerpt());
        g.writeEndObject();
    }

    private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
