package io.nsgflow.it;

import static io.nsgflow.it.SinkJobs.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nsgflow.sink.elasticsearch.ElasticsearchConnection;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import io.nsgflow.sink.elasticsearch.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Retries of the sink against a fake bulk endpoint, for failures a real Elasticsearch cannot
 * produce on demand: a whole request answered 503, one item answered 429 once, one item answered
 * 429 for ever.
 */
class ElasticsearchSinkRetryIT {

    private static final String INDEX = "nsgflow-drift-2026.11.20";
    private static final long DAY = java.time.Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    private static List<ElasticsearchDocument> documents(String... extraIds) {
        List<ElasticsearchDocument> documents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            documents.add(new ElasticsearchDocument("drift", DAY, "doc-" + i, "{\"n\":" + i + "}"));
        }
        for (String id : extraIds) {
            documents.add(new ElasticsearchDocument("drift", DAY, id, "{\"id\":\"" + id + "\"}"));
        }
        return documents;
    }

    private static ElasticsearchSink sink(String url, int maxAttempts) {
        return ElasticsearchSink.builder(ElasticsearchConnection.of(URI.create(url)))
                .installTemplates(false)
                .maxBatchSize(5)
                .maxInFlightRequests(1)
                .maxTimeInBuffer(Duration.ofMillis(50))
                .retry(new RetryPolicy(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(40)))
                .build();
    }

    @Test
    void wholeRequestsAnswered503AreSentAgainUntilAccepted() throws Exception {
        try (FakeBulkServer fake = new FakeBulkServer((id, before) -> 201)) {
            fake.failWholeRequests(3);

            SinkJobs.write(documents(), sink(fake.url(), 2));

            assertThat(fake.indexed()).containsExactlyInAnyOrderElementsOf(
                    documents().stream().map(d -> INDEX + "/" + d.id).toList());
            // the 3 refused requests and then the accepted ones
            assertThat(fake.requests()).isGreaterThan(3);
        }
    }

    @Test
    void onlyTheItemsAnswered429AreSentAgainAndOneRefusedTooOftenIsDeadLettered() throws Exception {
        int maxAttempts = 3;
        try (FakeBulkServer fake = new FakeBulkServer((id, before) -> switch (id) {
            case "busy-once" -> before == 0 ? 429 : 201;
            case "always-busy" -> 429;
            default -> 201;
        })) {
            SinkJobs.write(documents("busy-once", "always-busy"), sink(fake.url(), maxAttempts));

            List<String> indexed = fake.indexed();
            List<String> expected = documents("busy-once").stream().map(d -> INDEX + "/" + d.id)
                    .collect(Collectors.toCollection(ArrayList::new));
            List<String> documentsIndexed = indexed.stream().filter(s -> s.startsWith(INDEX)).toList();
            // each accepted document exactly once: items that succeeded were not re-sent with the 429 ones
            assertThat(documentsIndexed).containsExactlyInAnyOrderElementsOf(expected);

            List<String> deadLetters = indexed.stream().filter(s -> s.startsWith("nsgflow-deadletter-")).toList();
            assertThat(deadLetters).hasSize(1);
            assertThat(fake.timesSent(INDEX + "/always-busy")).isEqualTo(maxAttempts);
            assertThat(fake.timesSent(INDEX + "/busy-once")).isEqualTo(2);
            JsonNode deadLetter = JSON.readTree(fake.sources().get(deadLetters.get(0)));
            assertThat(deadLetter.path("reason").asText()).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(deadLetter.path("message").asText()).contains(maxAttempts + " times").contains("429");
            assertThat(deadLetter.path("origin").path("detail").asText()).isEqualTo(INDEX + "/always-busy");
            assertThat(deadLetter.path("payloadText").asText()).isEqualTo("{\"id\":\"always-busy\"}");
        }
    }

    @Test
    void aPermanentItemFailureIsNotRetried() throws Exception {
        try (FakeBulkServer fake = new FakeBulkServer((id, before) -> id.equals("bad") ? 400 : 201)) {
            SinkJobs.write(documents("bad"), sink(fake.url(), 5));

            assertThat(fake.indexed()).filteredOn(s -> s.endsWith("/bad")).isEmpty();
            assertThat(fake.indexed()).filteredOn(s -> s.startsWith("nsgflow-deadletter-")).hasSize(1);
            assertThat(fake.timesSent(INDEX + "/bad")).isEqualTo(1);
        }
    }

    @Test
    void anUnknownHostFailsTheJobAtOnceNamingTheOption() {
        ElasticsearchSink sink = ElasticsearchSink.builder(
                ElasticsearchConnection.of(URI.create("http://nsgflow-no-such-host.invalid:9200"))).build();
        assertThatThrownBy(() -> SinkJobs.write(documents(), sink))
                .rootCause()
                .hasMessageContaining("host unknown")
                .hasMessageContaining("elasticsearch.hosts");
    }
}
