package io.nsgflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkTriageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IndexNames NAMES = new IndexNames("nsgflow");
    private static final long NOW = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();
    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));

    private static BulkItem item(String id, int attempts) {
        return new BulkItem("nsgflow-drift-2026.11.20", id, "{\"n\":\"" + id + "\"}", attempts);
    }

    @Test
    void eachItemGoesWhereItsStatusSays() throws Exception {
        List<BulkItem> sent = List.of(item("ok", 0), item("busy", 0), item("bad", 0), item("down", 1));
        List<ItemResult> results = List.of(ItemResult.ok(201),
                new ItemResult(429, "es_rejected_execution_exception", "queue full"),
                new ItemResult(400, "document_parsing_exception", "failed to parse field [source.ip] of type [ip]"),
                new ItemResult(503, "unavailable_shards_exception", "primary shard is not active"));

        BulkTriage triage = BulkTriage.of(sent, results, THREE_ATTEMPTS, NAMES, NOW);

        assertThat(triage.fatal).isNull();
        assertThat(triage.indexed).isEqualTo(1);
        assertThat(triage.retry).containsExactly(item("busy", 1), item("down", 2));
        assertThat(triage.maxRetryAttempt()).isEqualTo(2);
        assertThat(triage.deadLetters).hasSize(1);
        BulkItem deadLetter = triage.deadLetters.get(0);
        assertThat(deadLetter.index()).isEqualTo("nsgflow-deadletter-2026.11.22");
        JsonNode doc = JSON.readTree(deadLetter.json());
        assertThat(doc.path("stage").asText()).isEqualTo("elasticsearch-sink");
        assertThat(doc.path("reason").asText()).isEqualTo("MAPPING_ERROR");
        assertThat(doc.path("message").asText()).contains("400").contains("failed to parse field [source.ip]");
        assertThat(doc.path("origin").path("kind").asText()).isEqualTo("elasticsearch");
        assertThat(doc.path("origin").path("detail").asText()).isEqualTo("nsgflow-drift-2026.11.20/bad");
        assertThat(doc.path("payloadText").asText()).isEqualTo("{\"n\":\"bad\"}");
        assertThat(doc.path("@timestamp").asText()).isEqualTo("2026-11-22T08:00:00Z");
    }

    @Test
    void aVersionedDocumentWhoseLaterVersionIsIndexedIsSupersededNotRetriedNorDeadLettered() {
        BulkItem older = new BulkItem("nsgflow-alerts-2026.11.20", "a1", "{}", 0, 1);
        BulkTriage triage = BulkTriage.of(List.of(older),
                List.of(new ItemResult(409, "version_conflict_engine_exception",
                        "[a1]: version conflict, current version [3] is higher than the one provided [1]")),
                THREE_ATTEMPTS, NAMES, NOW);
        assertThat(triage.superseded).isEqualTo(1);
        assertThat(triage.retry).isEmpty();
        assertThat(triage.deadLetters).isEmpty();
        assertThat(triage.fatal).isNull();
    }

    @Test
    void aDocumentRefusedRetryablyTooOftenIsDeadLettered() throws Exception {
        // attempts counts earlier refusals: this is the third send, the last the policy allows
        BulkTriage triage = BulkTriage.of(List.of(item("busy", 2)),
                List.of(new ItemResult(429, "es_rejected_execution_exception", "queue full")), THREE_ATTEMPTS, NAMES,
                NOW);

        assertThat(triage.retry).isEmpty();
        assertThat(triage.deadLetters).hasSize(1);
        JsonNode doc = JSON.readTree(triage.deadLetters.get(0).json());
        assertThat(doc.path("reason").asText()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(doc.path("message").asText()).contains("3 times").contains("429");
    }

    @Test
    void aRefusedDeadLetterIsCountedLostNotDeadLetteredAgain() {
        BulkItem deadLetter = new BulkItem("nsgflow-deadletter-2026.11.22", "d", "{}", 0);
        BulkTriage triage = BulkTriage.of(List.of(deadLetter),
                List.of(new ItemResult(400, "document_parsing_exception", "x")), THREE_ATTEMPTS, NAMES, NOW);
        assertThat(triage.deadLetters).isEmpty();
        assertThat(triage.lost).hasSize(1);
    }

    @Test
    void deadLetterIdsAreDeterministicSoARetriedRefusalDoesNotDuplicate() {
        ItemResult refused = new ItemResult(400, "document_parsing_exception", "x");
        BulkItem first = BulkTriage.of(List.of(item("bad", 0)), List.of(refused), THREE_ATTEMPTS, NAMES, NOW)
                .deadLetters.get(0);
        BulkItem again = BulkTriage.of(List.of(item("bad", 0)), List.of(refused), THREE_ATTEMPTS, NAMES, NOW + 1000)
                .deadLetters.get(0);
        BulkItem other = BulkTriage.of(List.of(item("worse", 0)), List.of(refused), THREE_ATTEMPTS, NAMES, NOW)
                .deadLetters.get(0);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.id()).isNotEqualTo(first.id());
    }

    @Test
    void aSecurityExceptionOnAnItemMakesTheResponseFatal() {
        BulkTriage triage = BulkTriage.of(List.of(item("a", 0)),
                List.of(new ItemResult(403, "security_exception", "action [indices:data/write/bulk[s]] is unauthorized")),
                THREE_ATTEMPTS, NAMES, NOW);
        assertThat(triage.fatal).contains("nsgflow-drift-2026.11.20").contains("unauthorized");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(policy::backoffMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }
}
