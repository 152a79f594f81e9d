package io.nsgflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.deadletter.DeadLetter;
import io.nsgflow.deadletter.DeadLetterJson;
import io.nsgflow.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sink's own template, of the dead-letter index, and the template type the caller supplies. */
class IndexTemplateTest {

    private static final long TIME = Instant.parse("2026-11-20T23:59:30Z").toEpochMilli();

    @Test
    void everyFieldOfADeadLetterIsMappedAndThePayloadIsNotIndexed() throws Exception {
        JsonNode template = IndexTemplate.deadLetters().forPrefix(new IndexNames("nsgflow"));
        JsonNode doc = new ObjectMapper().readTree(DeadLetterJson.toJsonBytes(deadLetter()));
        assertThat(unmapped(doc, template.path("template").path("mappings"), "")).isEmpty();
        assertThat(template.path("template").path("mappings").path("properties").path("payloadText").path("index")
                .asBoolean(true)).isFalse();
        assertThat(template.path("template").path("mappings").path("dynamic").asText()).isEqualTo("false");
        assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("nsgflow-deadletter-*");
        assertThat(IndexTemplate.deadLetters().name(new IndexNames("acme"))).isEqualTo("acme-deadletter");
    }

    @Test
    void aTemplateIsAJsonObjectOfAKindUsableInAnIndexName() {
        assertThat(new IndexTemplate("lateral", "{\"template\":{}}").forPrefix(new IndexNames("p"))
                .path("index_patterns").get(0).asText()).isEqualTo("p-lateral-*");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IndexTemplate("Bad Kind", "{}"))
                .hasMessageContaining("Bad Kind");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IndexTemplate("drift", "[1]"))
                .hasMessageContaining("not a JSON object");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IndexTemplate("drift", "{"))
                .hasMessageContaining("not JSON");
    }

    private static List<String> unmapped(JsonNode value, JsonNode mapping, String path) {
        List<String> out = new java.util.ArrayList<>();
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addAll(unmapped(e.getValue(), mapping.path("properties").path(e.getKey()),
                        path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
            }
        } else if (!value.isNull() && !mapping.has("type")) {
            out.add(path);
        }
        return out;
    }

    static DeadLetter deadLetter() {
        byte[] payload = "{\"records\":[".getBytes(StandardCharsets.UTF_8);
        return DeadLetter.newBuilder()
                .setStage("flowlog-decoder")
                .setReason("UNREADABLE")
                .setMessage("not JSON")
                .setOrigin(DeadLetters.kafka("nsg-flowlogs", 3, 42L))
                .setLocation("records[0]")
                .setExcerpt("{\"records\":[")
                .setPayload(DeadLetters.cut(payload, 100))
                .setPayloadSize(payload.length)
                .setTime(TIME)
                .build();
    }
}
