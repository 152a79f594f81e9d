package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.localstack.ElasticsearchNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An Elasticsearch node with TLS and a password: authenticated HTTPS works, anything else is refused. */
class ElasticsearchSecurityIT {

    private static ElasticsearchNode es;

    @BeforeAll
    static void start() {
        String base = System.getProperty("nsgflow.localstack.base-dir", "target/stack");
        es = ElasticsearchNode.start(Path.of(base), "elasticsearch-tls", 0, ElasticsearchNode.Security.TLS_BASIC_AUTH);
    }

    @AfterAll
    static void stop() {
        if (es != null) {
            es.close();
        }
    }

    @Test
    void servesHttpsOnly() {
        assertThat(es.url()).startsWith("https://");
    }

    @Test
    void authenticatedRequestOverTrustedTlsIsServed() throws Exception {
        HttpResponse<String> response = send(es.httpClient(), "/_security/_authenticate",
                es.username().orElseThrow(), es.password().orElseThrow());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"nsgflow\"").contains("superuser");
    }

    @Test
    void requestWithoutCredentialsIsRefused() throws Exception {
        HttpResponse<String> response = send(es.httpClient(), "/_cluster/health", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void requestWithWrongPasswordIsRefused() throws Exception {
        HttpResponse<String> response = send(es.httpClient(), "/_cluster/health", "nsgflow", "not-the-password");
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void clientThatDoesNotTrustTheCertificateCannotConnect() {
        HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> send(defaultTrust, "/_cluster/health", es.username().orElseThrow(),
                es.password().orElseThrow()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI http = URI.create("http://127.0.0.1:" + es.httpPort() + "/_cluster/health");
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private HttpResponse<String> send(HttpClient client, String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(es.url() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
