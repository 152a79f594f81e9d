package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.sink.elasticsearch.ElasticsearchConnection;
import io.nsgflow.sink.elasticsearch.ElasticsearchDocument;
import io.nsgflow.sink.elasticsearch.ElasticsearchSink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against an Elasticsearch with TLS and basic authentication. */
class ElasticsearchSinkSecurityIT {

    private static ElasticsearchNode es;

    @BeforeAll
    static void start() {
        String base = System.getProperty("nsgflow.localstack.base-dir", "target/stack");
        es = ElasticsearchNode.start(Path.of(base), "elasticsearch-sink-tls", 0,
                ElasticsearchNode.Security.TLS_BASIC_AUTH);
    }

    @AfterAll
    static void stop() {
        if (es != null) {
            es.close();
        }
    }

    private static List<ElasticsearchDocument> documents(String prefix) {
        return IntStream.range(0, 12).mapToObj(i -> new ElasticsearchDocument("drift",
                java.time.Instant.parse("2026-11-20T10:00:00Z").toEpochMilli(), "d" + i, "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"destination\":{\"port\":" + i + "}}")).toList();
    }

    private static ElasticsearchConnection connection(String password, String caFile, String fingerprint) {
        return new ElasticsearchConnection(List.of(URI.create(es.url())), es.username().orElseThrow(), password, null,
                caFile, fingerprint);
    }

    private static long count(String index) throws Exception {
        es.request("POST", "/" + index + "/_refresh", null);
        return SinkJobs.JSON.readTree(es.request("GET", "/" + index + "/_count", null).body()).path("count").asLong();
    }

    @Test
    void writesOverTlsTrustingTheCaFileWithUserAndPassword(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), es.certificatePem().orElseThrow());
        String prefix = "tls-ca-" + System.nanoTime();

        SinkJobs.write(documents(prefix), ElasticsearchSink.builder(
                connection(es.password().orElseThrow(), ca.toString(), null)).indexPrefix(prefix).build());

        assertThat(count(prefix + "-drift-2026.11.20")).isEqualTo(12);
    }

    @Test
    void writesOverTlsTrustingTheCertificateFingerprint() throws Exception {
        String fingerprint = HexFormat.ofDelimiter(":").formatHex(
                MessageDigest.getInstance("SHA-256").digest(es.certificate().orElseThrow().getEncoded()));
        String prefix = "tls-fp-" + System.nanoTime();

        SinkJobs.write(documents(prefix), ElasticsearchSink.builder(
                connection(es.password().orElseThrow(), null, fingerprint)).indexPrefix(prefix).build());

        assertThat(count(prefix + "-drift-2026.11.20")).isEqualTo(12);
    }

    @Test
    void wrongPasswordFailsTheJobAtStartWithAClearMessage(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), es.certificatePem().orElseThrow());
        ElasticsearchSink sink = ElasticsearchSink.builder(connection("not-the-password", ca.toString(), null)).build();

        assertThatThrownBy(() -> SinkJobs.write(documents("wrong"), sink))
                .rootCause()
                .isInstanceOf(io.nsgflow.sink.elasticsearch.ElasticsearchSinkException.class)
                .hasMessageContaining("refused the credentials (HTTP 401)")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void wrongPasswordFailsTheFirstBulkRequestWhenTemplatesAreNotInstalled(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), es.certificatePem().orElseThrow());
        ElasticsearchSink sink = ElasticsearchSink.builder(connection("not-the-password", ca.toString(), null))
                .installTemplates(false).build();

        assertThatThrownBy(() -> SinkJobs.write(documents("wrong-bulk"), sink))
                .rootCause()
                .hasMessageContaining("refused the credentials (HTTP 401)");
    }

    @Test
    void untrustedCertificateFailsTheJobNamingTheTlsOptions() {
        ElasticsearchSink sink = ElasticsearchSink.builder(connection(es.password().orElseThrow(), null, null)).build();

        assertThatThrownBy(() -> SinkJobs.write(documents("untrusted"), sink))
                .rootCause()
                .hasMessageContaining("TLS connection to Elasticsearch")
                .hasMessageContaining("elasticsearch.tls.ca-file");
    }
}
