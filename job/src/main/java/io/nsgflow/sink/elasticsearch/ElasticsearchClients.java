package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Opens elasticsearch-java clients for an {@link ElasticsearchConnection}. */
public final class ElasticsearchClients {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int SOCKET_TIMEOUT_MS = 60_000;

    private ElasticsearchClients() {}

    /** A transport over the low-level REST client; closing it closes the connections. */
    public static ElasticsearchTransport transport(ElasticsearchConnection connection) {
        List<HttpHost> hosts = new ArrayList<>();
        for (URI uri : connection.hosts()) {
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 9200);
            hosts.add(new HttpHost(uri.getHost(), port, uri.getScheme()));
        }
        RestClientBuilder builder = RestClient.builder(hosts.toArray(HttpHost[]::new));
        List<Header> headers = new ArrayList<>();
        if (connection.username() != null) {
            String password = connection.password() == null ? "" : connection.password();
            String token = Base64.getEncoder().encodeToString(
                    (connection.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + token));
        } else if (connection.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + connection.apiKey()));
        }
        builder.setDefaultHeaders(headers.toArray(Header[]::new));
        SSLContext ssl = sslContext(connection);
        builder.setHttpClientConfigCallback(http -> ssl == null ? http : http.setSSLContext(ssl));
        builder.setRequestConfigCallback(request -> request.setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setSocketTimeout(SOCKET_TIMEOUT_MS));
        return new RestClientTransport(builder.build(), new JacksonJsonpMapper());
    }

    public static ElasticsearchAsyncClient async(ElasticsearchTransport transport) {
        return new ElasticsearchAsyncClient(transport);
    }

    public static ElasticsearchClient blocking(ElasticsearchTransport transport) {
        return new ElasticsearchClient(transport);
    }

    /** The context that trusts the configured CA file or fingerprint; null for the JVM's default trust. */
    private static SSLContext sslContext(ElasticsearchConnection connection) {
        if (connection.caFile() != null) {
            try {
                return TransportUtils.sslContextFromHttpCaCrt(new File(connection.caFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ElasticsearchOptions.TLS_CA_FILE.key() + " '"
                        + connection.caFile() + "'", e);
            }
        }
        if (connection.fingerprint() != null) {
            return TransportUtils.sslContextFromCaFingerprint(connection.fingerprint().replace(":", ""));
        }
        return null;
    }
}
