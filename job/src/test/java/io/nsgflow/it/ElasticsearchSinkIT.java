package io.nsgflow.it;

import static io.nsgflow.it.SinkJobs.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nsgflow.drift.DriftDocument;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.LogFormat;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.sink.elasticsearch.ElasticsearchConnection;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import io.nsgflow.sink.elasticsearch.IndexNames;
import io.nsgflow.stream.ElasticsearchOutputs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Elasticsearch sink against the real Elasticsearch of the local stack. */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchSinkIT {

    private static final long DAY1 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    private static final long DAY2 = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    private static String prefix() {
        return "sink-it-" + System.nanoTime();
    }

    private static ElasticsearchSink sink(ElasticsearchNode es, String prefix) {
        return ElasticsearchSink.builder(ElasticsearchConnection.of(URI.create(es.url())))
                .indexPrefix(prefix)
                .templates(ElasticsearchOutputs.templates())
                .maxBatchSize(7) // several bulk requests for the documents of a test
                .maxTimeInBuffer(Duration.ofMillis(200))
                .build();
    }

    private static DriftFinding finding(long time, int i) {
        return DriftFinding.newBuilder().setEventTime(time + i).setType(DriftType.UNEXPECTED_ALLOW)
                .setSrcIp("203.0.113." + (i % 250)).setSrcPort(40000 + i).setDstIp("10.1.2.4").setDstPort(22)
                .setProtocol(6).setDirection(Direction.INBOUND)
                .setObserved(Judgement.newBuilder().setDecision(Decision.ALLOW).setRule("UserRule_ssh").setNsg("nsg-a")
                        .build())
                .setExpected(Judgement.newBuilder().setDecision(Decision.DENY).setRule("deny-ssh").setNsg("nsg-a")
                        .build())
                .setPolicyVersion("v1").setLogFormat(LogFormat.NSG_V2).build();
    }

    /** 30 findings, 20 on the first day, 10 on the second. */
    private static List<DriftFinding> findings() {
        List<DriftFinding> findings = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            findings.add(finding(i < 20 ? DAY1 : DAY2, i));
        }
        return findings;
    }

    @Test
    void documentsArriveInTheirDailyIndicesAndASecondWriteOverwritesThem(ElasticsearchNode es) throws Exception {
        String prefix = prefix();
        List<DriftFinding> findings = findings();
        List<ElasticsearchDocument> documents = findings.stream().map(f -> ElasticsearchOutputs.drift(f))
                .toList();

        SinkJobs.write(documents, sink(es, prefix));
        SinkJobs.write(documents, sink(es, prefix));

        assertThat(SinkJobs.count(es, prefix + "-drift-2026.11.20")).isEqualTo(20);
        assertThat(SinkJobs.count(es, prefix + "-drift-2026.11.21")).isEqualTo(10);
        Map<String, JsonNode> byId = SinkJobs.hits(es, prefix + "-drift-*").stream()
                .collect(Collectors.toMap(h -> h.path("_id").asText(), h -> h.path("_source")));
        assertThat(byId.keySet()).isEqualTo(findings.stream().map(DriftDocument::id).collect(Collectors.toSet()));
        DriftFinding first = findings.get(0);
        assertThat(byId.get(DriftDocument.id(first))).isEqualTo(DriftDocument.of(first));
        assertThat(SinkJobs.count(es, prefix + "-deadletter-*")).isZero();
    }

    /**
     * Revisions of one document written newest first (as a retry or a restart can reorder them):
     * Elasticsearch keeps the newest, the older ones are superseded, not dead letters; an equal
     * version (a replay) overwrites.
     */
    @Test
    void anOlderVersionOfADocumentNeverReplacesANewerOne(ElasticsearchNode es) throws Exception {
        String prefix = prefix();
        List<ElasticsearchDocument> revisions = new ArrayList<>();
        for (long revision : new long[] {3, 1, 2, 0}) {
            revisions.add(new ElasticsearchDocument(ElasticsearchOutputs.ALERTS, DAY1, "alert-1",
                    "{\"message\":\"revision " + revision + "\"}", revision));
        }
        SinkJobs.write(revisions, sink(es, prefix));

        List<JsonNode> hits = SinkJobs.hits(es, prefix + "-alerts-*");
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.path("_source").path("message").asText()).isEqualTo("revision 3");
        });
        JsonNode stored = JSON.readTree(es.request("GET", "/" + prefix + "-alerts-2026.11.20/_doc/alert-1", null).body());
        assertThat(stored.path("_version").asLong()).isEqualTo(3);
        assertThat(SinkJobs.count(es, prefix + "-deadletter-*")).isZero();

        // the same version again (a replay after a failure) overwrites
        SinkJobs.write(List.of(new ElasticsearchDocument(ElasticsearchOutputs.ALERTS, DAY1, "alert-1",
                "{\"message\":\"revision 3, replayed\"}", 3)), sink(es, prefix));
        assertThat(SinkJobs.hits(es, prefix + "-alerts-*")).singleElement().satisfies(h ->
                assertThat(h.path("_source").path("message").asText()).isEqualTo("revision 3, replayed"));
    }

    @Test
    void templatesAreInstalledAndMapTheDocuments(ElasticsearchNode es) throws Exception {
        String prefix = prefix();
        SinkJobs.write(List.of(ElasticsearchOutputs.drift(finding(DAY1, 1))), sink(es, prefix));

        for (String kind : List.of(ElasticsearchOutputs.DRIFT, ElasticsearchOutputs.ALERTS,
                ElasticsearchOutputs.AGGREGATES, IndexNames.DEADLETTER)) {
            var template = es.request("GET", "/_index_template/" + prefix + "-" + kind, null);
            assertThat(template.statusCode()).as(kind).isEqualTo(200);
        }
        JsonNode mapping = JSON.readTree(es.request("GET", "/" + prefix + "-drift-2026.11.20/_mapping", null).body())
                .path(prefix + "-drift-2026.11.20").path("mappings").path("properties");
        assertThat(mapping.path("source").path("properties").path("ip").path("type").asText()).isEqualTo("ip");
        // a CIDR query works only on an ip field
        es.request("POST", "/" + prefix + "-drift-*/_refresh", null);
        var search = es.request("POST", "/" + prefix + "-drift-*/_count",
                "{\"query\":{\"term\":{\"source.ip\":\"203.0.113.0/24\"}}}");
        assertThat(JSON.readTree(search.body()).path("count").asLong()).as(search.body()).isEqualTo(1);
    }

    @Test
    void aDocumentThatContradictsTheMappingGoesToTheDeadLetterIndexAndTheRestIsIndexed(ElasticsearchNode es)
            throws Exception {
        String prefix = prefix();
        List<ElasticsearchDocument> documents = new ArrayList<>();
        for (DriftFinding f : findings().subList(0, 20)) {
            documents.add(ElasticsearchOutputs.drift(f));
        }
        ElasticsearchDocument bad = ElasticsearchOutputs.drift(finding(DAY1, 500));
        bad.json = bad.json.replace("\"ip\":\"203.0.113.0\"", "\"ip\":\"not-an-address\"");
        assertThat(bad.json).contains("not-an-address");
        documents.add(10, bad);

        SinkJobs.write(documents, sink(es, prefix));

        Set<String> indexed = SinkJobs.hits(es, prefix + "-drift-*").stream().map(h -> h.path("_id").asText())
                .collect(Collectors.toSet());
        assertThat(indexed).hasSize(20).doesNotContain(bad.id);
        List<JsonNode> deadLetters = SinkJobs.hits(es, prefix + "-deadletter-*");
        assertThat(deadLetters).hasSize(1);
        JsonNode deadLetter = deadLetters.get(0).path("_source");
        assertThat(deadLetter.path("stage").asText()).isEqualTo("elasticsearch-sink");
        assertThat(deadLetter.path("reason").asText()).isEqualTo("MAPPING_ERROR");
        assertThat(deadLetter.path("message").asText()).contains("400").contains("source.ip");
        assertThat(deadLetter.path("origin").path("detail").asText()).isEqualTo(new IndexNames(prefix).daily(bad.kind, bad.timestamp) + "/" + bad.id);
        assertThat(deadLetter.path("payloadText").asText()).isEqualTo(bad.json);
    }

    @Test
    void anIndexThatRejectsWritesSendsItsDocumentsToTheDeadLetterIndex(ElasticsearchNode es) throws Exception {
        String prefix = prefix();
        List<ElasticsearchDocument> documents = findings().stream().map(f -> ElasticsearchOutputs.drift(f))
                .toList();
        String blocked = prefix + "-drift-2026.11.20";
        assertThat(es.request("PUT", "/" + blocked, "{\"settings\":{\"index.blocks.write\":true}}").statusCode())
                .isEqualTo(200);

        SinkJobs.write(documents, sink(es, prefix));

        // ES answers each item for a write-blocked index with 403 cluster_block_exception: not retryable
        assertThat(SinkJobs.count(es, prefix + "-drift-2026.11.21")).isEqualTo(10);
        List<JsonNode> deadLetters = SinkJobs.hits(es, prefix + "-deadletter-*");
        assertThat(deadLetters).hasSize(20);
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.path("_source").path("reason").asText()).isEqualTo("INDEX_BLOCKED");
            assertThat(d.path("_source").path("message").asText()).contains("403").contains("cluster_block_exception");
        });
    }
}
