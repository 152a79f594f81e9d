package io.nsgflow.ingest.blob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How far a blob has been published: the first {@code blocks} committed blocks (the
 * {@code {"records":[} framing block included), which end at byte {@code bytes} and whose last
 * one has id {@code lastBlockId}; {@code records} records published from them so far.
 */
public record BlobPosition(int blocks, long bytes, String lastBlockId, long records) {

    public static final BlobPosition START = new BlobPosition(0, 0, null, 0);

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("blocks", blocks);
        n.put("bytes", bytes);
        n.put("lastBlockId", lastBlockId);
        n.put("records", records);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static BlobPosition fromJson(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        return new BlobPosition(n.path("blocks").asInt(), n.path("bytes").asLong(),
                n.path("lastBlockId").isTextual() ? n.path("lastBlockId").asText() : null, n.path("records").asLong());
    }
}
