package io.nsgflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void overloadAndServerErrorsOfItemsAreRetried() {
        assertThat(FailureClassifier.item(429, "es_rejected_execution_exception", false)).isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.item(503, "unavailable_shards_exception", false)).isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.item(500, "null_pointer_exception", false)).isEqualTo(FailureKind.RETRYABLE);
        // flood-stage disk watermark: ES 8 answers 429 for the read_only_allow_delete block; it heals
        assertThat(FailureClassifier.item(429, "cluster_block_exception", false)).isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void documentErrorsOfItemsArePermanent() {
        assertThat(FailureClassifier.item(400, "document_parsing_exception", false)).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureClassifier.item(400, "mapper_parsing_exception", false)).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureClassifier.item(400, "illegal_argument_exception", false)).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureClassifier.item(404, "index_not_found_exception", false)).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureClassifier.item(409, "version_conflict_engine_exception", false)).isEqualTo(FailureKind.PERMANENT);
        // index.blocks.write: an operator's decision, not overload; retrying would block the job for ever
        assertThat(FailureClassifier.item(403, "cluster_block_exception", false)).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void aVersionConflictOfAVersionedDocumentMeansALaterVersionIsIndexed() {
        assertThat(FailureClassifier.item(409, "version_conflict_engine_exception", true)).isEqualTo(FailureKind.SUPERSEDED);
        // anything else a versioned document meets is judged as for any document
        assertThat(FailureClassifier.item(400, "mapper_parsing_exception", true)).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureClassifier.item(429, "es_rejected_execution_exception", true)).isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void missingWritePrivilegeOnAnItemIsFatal() {
        assertThat(FailureClassifier.item(403, "security_exception", false)).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void authenticationAndAuthorizationOfTheRequestAreFatal() {
        assertThat(FailureClassifier.request(new IOException("response"), 401)).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.request(new IOException("response"), 403)).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.fatalMessage(new IOException("x"), 401, "https://es:9200"))
                .contains("refused the credentials").contains("elasticsearch.username").contains("https://es:9200");
    }

    @Test
    void unknownHostAndTlsTrustFailuresAreFatalEvenWhenWrapped() {
        Throwable unknownHost = new CompletionException(new IOException(new UnknownHostException("es.invalid")));
        assertThat(FailureClassifier.request(unknownHost, -1)).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.fatalMessage(unknownHost, -1, "http://es.invalid:9200"))
                .contains("host unknown").contains("elasticsearch.hosts");

        Throwable untrusted = new CompletionException(new SSLHandshakeException("PKIX path building failed"));
        assertThat(FailureClassifier.request(untrusted, -1)).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.fatalMessage(untrusted, -1, "https://es:9200"))
                .contains("TLS").contains("elasticsearch.tls.ca-file");
    }

    @Test
    void connectionFailuresAndOverloadOfTheRequestAreRetried() {
        assertThat(FailureClassifier.request(new CompletionException(new ConnectException("Connection refused")), -1))
                .isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.request(new SocketTimeoutException("read timed out"), -1))
                .isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.request(new IOException("Connection reset by peer"), -1))
                .isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.request(new IOException("response"), 503)).isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.request(new IOException("response"), 429)).isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureClassifier.request(new IOException("response"), 502)).isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void aMalformedWholeRequestIsFatalRatherThanRetriedForEver() {
        assertThat(FailureClassifier.request(new IOException("response"), 400)).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.request(new IOException("response"), 413)).isEqualTo(FailureKind.FATAL);
    }
}
