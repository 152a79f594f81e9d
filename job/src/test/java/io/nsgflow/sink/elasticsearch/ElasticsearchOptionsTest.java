package io.nsgflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchOptionsTest {

    private static Configuration with(String... keyValues) {
        Configuration config = new Configuration();
        config.setString("elasticsearch.hosts", "https://es1:9200,https://es2:9200");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setString(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void defaultsAreValid() {
        ElasticsearchOptions.validate(with());
        assertThat(ElasticsearchOptions.hosts(with()))
                .containsExactly(URI.create("https://es1:9200"), URI.create("https://es2:9200"));
    }

    @Test
    void eachBadOptionIsNamed() {
        assertThatThrownBy(() -> ElasticsearchOptions.validate(new Configuration()))
                .hasMessage("missing required option --elasticsearch.hosts");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.index-prefix", "NSG")))
                .hasMessageContaining("elasticsearch.index-prefix");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.password", "x")))
                .hasMessageContaining("elasticsearch.password").hasMessageContaining("elasticsearch.username")
                .hasMessageNotContaining("'x'");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.username", "u",
                "elasticsearch.api-key", "k"))).hasMessageContaining("elasticsearch.api-key");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.tls.fingerprint", "abc")))
                .hasMessageContaining("elasticsearch.tls.fingerprint");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.tls.ca-file", "/no/such.pem")))
                .hasMessageContaining("elasticsearch.tls.ca-file").hasMessageContaining("/no/such.pem");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.bulk.max-in-flight", "0")))
                .hasMessage("option elasticsearch.bulk.max-in-flight must be at least 1");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.bulk.max-buffered", "10")))
                .hasMessageContaining("elasticsearch.bulk.max-buffered");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(with("elasticsearch.retry.initial-backoff", "10 s",
                "elasticsearch.retry.max-backoff", "1 s"))).hasMessageContaining("elasticsearch.retry.max-backoff");
    }

    @Test
    void tlsTrustOnPlainHttpHostsIsAMistake() {
        Configuration config = with("elasticsearch.tls.fingerprint", "ab".repeat(32));
        config.setString("elasticsearch.hosts", "http://es:9200");
        assertThatThrownBy(() -> ElasticsearchOptions.validate(config))
                .hasMessageContaining("elasticsearch.tls.fingerprint").hasMessageContaining("https");
    }

    @Test
    void fingerprintWithColonsAndReadableCaFileAreAccepted(@TempDir Path dir) throws Exception {
        ElasticsearchOptions.validate(with("elasticsearch.tls.fingerprint", String.join(":", "AB".repeat(32)
                .split("(?<=\\G..)"))));
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ElasticsearchOptions.validate(with("elasticsearch.tls.ca-file", ca.toString()));
    }

    @Test
    void secretsDoNotShowInTheConnectionsDescription() {
        Configuration config = with("elasticsearch.username", "writer", "elasticsearch.password", "s3cret-pass");
        ElasticsearchConnection connection = ElasticsearchOptions.connection(config);
        assertThat(connection.toString()).contains("writer").doesNotContain("s3cret-pass");
        ElasticsearchConnection apiKey = ElasticsearchOptions.connection(with("elasticsearch.api-key", "k3y-v4lue"));
        assertThat(apiKey.toString()).contains("API key").doesNotContain("k3y-v4lue");
    }
}
