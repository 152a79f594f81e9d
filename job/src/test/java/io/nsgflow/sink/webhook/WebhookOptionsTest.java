package io.nsgflow.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookOptionsTest {

    private static final String SLACK = "https://hooks.slack.com/services/T0000/B0000/XXXXsecretTOKEN";

    private static Configuration urls(String... urls) {
        Configuration conf = new Configuration();
        conf.set(WebhookOptions.URLS, List.of(urls));
        return conf;
    }

    @Test
    void urlsAreSeparatedBySemicolonsOnTheCommandLine() {
        Configuration conf = new Configuration();
        conf.setString(WebhookOptions.URLS.key(), "https://a.example/x;" + SLACK);
        assertThat(WebhookOptions.urls(conf)).containsExactly(URI.create("https://a.example/x"), URI.create(SLACK));
        assertThat(WebhookOptions.enabled(conf)).isTrue();
        assertThat(WebhookOptions.enabled(new Configuration())).isFalse();
    }

    @Test
    void unusableUrlsFailNamingTheOptionButNotTheUrl() {
        assertThatThrownBy(() -> WebhookOptions.validate(urls("ftp://files.example/XXXXsecretTOKEN")))
                .hasMessageContaining("webhook.url").hasMessageContaining("URL 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secretTOKEN"));
        assertThatThrownBy(() -> WebhookOptions.validate(urls("https://a.example/x", "https://user:pw@b.example/")))
                .hasMessageContaining("URL 2").hasMessageContaining("webhook.bearer-token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
        assertThatThrownBy(() -> WebhookOptions.validate(urls("https://exa mple/XXXXsecretTOKEN")))
                .hasMessageContaining("webhook.url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secretTOKEN"));
    }

    @Test
    void tlsFilesAreCheckedAtStartNamingTheOption(@TempDir Path dir) throws Exception {
        Configuration missing = urls("https://a.example/x");
        missing.set(WebhookOptions.TLS_CA_FILE, dir.resolve("nope.pem").toString());
        assertThatThrownBy(() -> WebhookOptions.validate(missing)).hasMessageContaining("webhook.tls.ca-file")
                .hasMessageContaining("cannot read");

        Configuration notPem = urls("https://a.example/x");
        notPem.set(WebhookOptions.TLS_CA_FILE, Files.writeString(dir.resolve("junk.pem"), "not a certificate").toString());
        assertThatThrownBy(() -> WebhookOptions.validate(notPem)).hasMessageContaining("webhook.tls.ca-file");

        Configuration notStore = urls("https://a.example/x");
        notStore.set(WebhookOptions.TLS_TRUSTSTORE, Files.writeString(dir.resolve("junk.p12"), "junk").toString());
        assertThatThrownBy(() -> WebhookOptions.validate(notStore)).hasMessageContaining("webhook.tls.truststore");

        Configuration both = urls("https://a.example/x");
        both.set(WebhookOptions.TLS_CA_FILE, "a");
        both.set(WebhookOptions.TLS_TRUSTSTORE, "b");
        assertThatThrownBy(() -> WebhookOptions.validate(both)).hasMessageContaining("exclude each other");
    }

    @Test
    void limitsMustBePositive() {
        Configuration attempts = urls("https://a.example/x");
        attempts.set(WebhookOptions.RETRY_MAX_ATTEMPTS, 0);
        assertThatThrownBy(() -> WebhookOptions.validate(attempts)).hasMessageContaining("webhook.retry.max-attempts");
        Configuration timeout = urls("https://a.example/x");
        timeout.set(WebhookOptions.REQUEST_TIMEOUT, Duration.ZERO);
        assertThatThrownBy(() -> WebhookOptions.validate(timeout)).hasMessageContaining("webhook.request-timeout");
    }

    @Test
    void theSecretComesFromTheOptionOrTheEnvironmentAndIsNeverShown() {
        Configuration conf = urls(SLACK);
        WebhookSettings fromEnv = WebhookOptions.settings(conf);
        assertThat(new String(fromEnv.secret(Map.of("NSGFLOW_WEBHOOK_SECRET", "env-secret")))).isEqualTo("env-secret");
        assertThatThrownBy(() -> fromEnv.secret(Map.of())).hasMessageContaining("NSGFLOW_WEBHOOK_SECRET")
                .hasMessageContaining("webhook.secret");

        conf.set(WebhookOptions.SECRET, "option-secret");
        conf.set(WebhookOptions.BEARER_TOKEN, "bearer-secret");
        WebhookSettings fromOption = WebhookOptions.settings(conf);
        assertThat(new String(fromOption.secret(Map.of("NSGFLOW_WEBHOOK_SECRET", "env-secret")))).isEqualTo("option-secret");
        assertThat(fromOption.toString()).contains("https://hooks.slack.com:443")
                .doesNotContain("secretTOKEN").doesNotContain("option-secret").doesNotContain("bearer-secret");
        assertThat(new WebhookSignature("option-secret".getBytes()).toString()).doesNotContain("option-secret");
    }
}
