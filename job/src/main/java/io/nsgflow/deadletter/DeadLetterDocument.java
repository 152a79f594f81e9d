package io.nsgflow.deadletter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A dead letter as a JSON document: for the DLQ topic, Elasticsearch and replay's rejected.jsonl. */
public final class DeadLetterDocument {

    private DeadLetterDocument() {}

    public static ObjectNode of(DeadLetter d) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("@timestamp", Instant.ofEpochMilli(d.getTime()).toString());
        doc.put("stage", d.getStage());
        doc.put("reason", d.getReason());
        doc.put("message", d.getMessage());
        ObjectNode origin = doc.putObject("origin");
        DeadLetterOrigin o = d.getOrigin();
        origin.put("kind", o.getKind());
        if (o.getTopic() != null) {
            origin.put("topic", o.getTopic()).put("partition", o.getPartition()).put("offset", o.getOffset());
        }
        if (o.getPath() != null) {
            origin.put("path", o.getPath());
        }
        if (o.getPosition() != null) {
            origin.put("position", o.getPosition());
        }
        if (o.getDetail() != null) {
            origin.put("detail", o.getDetail());
        }
        if (d.getLocation() != null) {
            doc.put("location", d.getLocation());
        }
        if (d.getExcerpt() != null) {
            doc.put("excerpt", d.getExcerpt());
        }
        if (d.getPayload() != null) {
            ByteBuffer b = d.getPayload().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            doc.put("payload", new String(bytes, StandardCharsets.UTF_8));
        }
        doc.put("payload_size", d.getPayloadSize());
        return doc;
    }
}
