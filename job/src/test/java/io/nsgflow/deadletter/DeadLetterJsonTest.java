package io.nsgflow.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DeadLetter letter(byte[] payload, DeadLetterOrigin origin) {
        return DeadLetter.newBuilder().setStage("flowlog-decoder").setReason("PORT").setMessage("bad port")
                .setOrigin(origin).setLocation("document 0, byte 12: records[0]").setExcerpt("1,2,3")
                .setPayload(DeadLetters.cut(payload, 8)).setPayloadSize(payload.length).setTime(1234L).build();
    }

    @Test
    void kafkaOriginAndTextPayload() throws Exception {
        byte[] payload = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
        JsonNode n = MAPPER.readTree(DeadLetterJson.toJsonBytes(letter(payload, DeadLetters.kafka("t", 2, 99L))));
        assertThat(n.get("stage").asText()).isEqualTo("flowlog-decoder");
        assertThat(n.get("reason").asText()).isEqualTo("PORT");
        assertThat(n.get("message").asText()).isEqualTo("bad port");
        assertThat(n.get("origin").get("kind").asText()).isEqualTo("kafka");
        assertThat(n.get("origin").get("topic").asText()).isEqualTo("t");
        assertThat(n.get("origin").get("partition").asInt()).isEqualTo(2);
        assertThat(n.get("origin").get("offset").asLong()).isEqualTo(99L);
        assertThat(n.get("origin").has("path")).isFalse();
        assertThat(n.get("location").asText()).isEqualTo("document 0, byte 12: records[0]");
        assertThat(n.get("excerpt").asText()).isEqualTo("1,2,3");
        assertThat(n.get("payloadText").asText()).isEqualTo("{\"record");
        assertThat(n.get("payloadSize").asLong()).isEqualTo(payload.length);
        assertThat(n.get("time").asLong()).isEqualTo(1234L);
    }

    @Test
    void binaryPayloadIsBase64AndACutCharacterIsNotBinary() throws Exception {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
        JsonNode n = MAPPER.readTree(DeadLetterJson.toJsonBytes(letter(binary, DeadLetters.file("/x.json", 5L))));
        assertThat(n.has("payloadText")).isFalse();
        assertThat(Base64.getDecoder().decode(n.get("payloadBase64").asText())).isEqualTo(binary);
        assertThat(n.get("origin").get("path").asText()).isEqualTo("/x.json");
        assertThat(n.get("origin").get("position").asLong()).isEqualTo(5L);

        // "abcdefg" + "é" (2 bytes) cut to 8 bytes leaves half of the é
        byte[] text = "abcdefg\u00e9".getBytes(StandardCharsets.UTF_8);
        JsonNode cut = MAPPER.readTree(DeadLetterJson.toJsonBytes(letter(text, DeadLetters.file("/y", null))));
        assertThat(cut.get("payloadText").asText()).isEqualTo("abcdefg");
    }

    @Test
    void cutKeepsShortPayloadsWhole() {
        assertThat(DeadLetters.cut(new byte[] {1, 2}, 8)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(DeadLetters.cut("abcdef", 3)).isEqualTo("abc");
        assertThat(DeadLetters.cut((byte[]) null, 3)).isNull();
    }

    @Test
    void kafkaSerializerWritesTheJsonToTheTopicKeyedByStageAndReason() throws Exception {
        DeadLetter d = letter("x".getBytes(StandardCharsets.UTF_8), DeadLetters.kafka("in", 0, 1L));
        var record = new DeadLetterKafkaSerializer("dead").serialize(d, null, null);
        assertThat(record.topic()).isEqualTo("dead");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("flowlog-decoder/PORT");
        assertThat(record.timestamp()).isEqualTo(1234L);
        assertThat(MAPPER.readTree(record.value()).get("reason").asText()).isEqualTo("PORT");
    }
}
