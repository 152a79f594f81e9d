package io.nsgflow.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A DeadLetter as one JSON object, for {@code rejected.jsonl} files and the dead-letter Kafka
 * topic. The payload is written as text ({@code payloadText}) when it is valid UTF-8, otherwise
 * as base64 ({@code payloadBase64}), so the line stays readable for the usual case of JSON input.
 */
public final class DeadLetterJson {

    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterJson() {}

    public static byte[] toJsonBytes(DeadLetter d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    public static void write(JsonGenerator g, DeadLetter d) throws IOException {
        g.writeStartObject();
        g.writeStringField("@timestamp", Instant.ofEpochMilli(d.getTime()).toString());
        g.writeStringField("stage", d.getStage());
        g.writeStringField("reason", d.getReason());
        g.writeStringField("message", d.getMessage());
        DeadLetterOrigin o = d.getOrigin();
        g.writeObjectFieldStart("origin");
        g.writeStringField("kind", o.getKind());
        writeIfPresent(g, "topic", o.getTopic());
        if (o.getPartition() != null) {
            g.writeNumberField("partition", o.getPartition());
        }
        if (o.getOffset() != null) {
            g.writeNumberField("offset", o.getOffset());
        }
        writeIfPresent(g, "path", o.getPath());
        if (o.getPosition() != null) {
            g.writeNumberField("position", o.getPosition());
        }
        writeIfPresent(g, "detail", o.getDetail());
        g.writeEndObject();
        writeIfPresent(g, "location", d.getLocation());
        writeIfPresent(g, "excerpt", d.getExcerpt());
        if (d.getPayload() != null) {
            ByteBuffer payload = d.getPayload().duplicate();
            String text = utf8OrNull(payload.duplicate());
            if (text != null) {
                g.writeStringField("payloadText", text);
            } else {
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                g.writeStringField("payloadBase64", Base64.getEncoder().encodeToString(bytes));
            }
        }
        g.writeNumberField("payloadSize", d.getPayloadSize());
        g.writeNumberField("time", d.getTime());
        g.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** The text, or null when the bytes are not valid UTF-8 (a cut in the middle of a character counts as valid). */
    private static String utf8OrNull(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(trimPartialCharacter(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Drops an incomplete multi-byte character at the end, left by cutting the payload to size. */
    private static ByteBuffer trimPartialCharacter(ByteBuffer b) {
        int end = b.limit();
        int back = 0;
        while (back < 3 && end - back - 1 >= b.position() && (b.get(end - back - 1) & 0xC0) == 0x80) {
            back++;
        }
        int lead = end - back - 1;
        if (lead >= b.position()) {
            int first = b.get(lead) & 0xff;
            int needed = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0;
            if (needed > back) {
                b.limit(lead);
            }
        }
        return b;
    }
}
