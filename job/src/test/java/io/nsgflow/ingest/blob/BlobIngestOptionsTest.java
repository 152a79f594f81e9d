package io.nsgflow.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.cli.CommandLineConfiguration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class BlobIngestOptionsTest {

    private static Configuration parse(String... args) {
        Configuration c = CommandLineConfiguration.parse(args, BlobIngestOptions.ALL);
        BlobIngestOptions.validate(c);
        return c;
    }

    @Test
    void autoSignInTakesTheFirstCredentialTheEnvironmentHolds() {
        Configuration c = parse("--kafka.bootstrap-servers", "k:9092");
        assertThat(BlobStorage.authMode(c, Map.of())).isEqualTo("default-credential");
        assertThat(BlobStorage.authMode(c, Map.of(BlobIngestOptions.ACCOUNT_KEY_ENV, "k"))).isEqualTo("account-key");
        assertThat(BlobStorage.authMode(c, Map.of(BlobIngestOptions.ACCOUNT_KEY_ENV, "k",
                BlobIngestOptions.SAS_TOKEN_ENV, "sv=1"))).isEqualTo("sas");
        assertThat(BlobStorage.authMode(c, Map.of(BlobIngestOptions.SAS_TOKEN_ENV, "sv=1",
                BlobIngestOptions.CONNECTION_STRING_ENV, "x"))).isEqualTo("connection-string");
        assertThat(BlobStorage.authMode(c, Map.of(BlobIngestOptions.CONNECTION_STRING_ENV, " "))).isEqualTo("default-credential");
        Configuration explicit = parse("--kafka.bootstrap-servers", "k:9092", "--azure.storage.auth", "sas");
        assertThat(BlobStorage.authMode(explicit, Map.of(BlobIngestOptions.CONNECTION_STRING_ENV, "x"))).isEqualTo("sas");
    }

    @Test
    void theAccountNameComesFromTheOptionTheHostOrAnEmulatorPath() {
        Configuration c = parse("--kafka.bootstrap-servers", "k:9092");
        assertThat(BlobStorage.accountName(c, "https://flowlogs01.blob.core.windows.net")).isEqualTo("flowlogs01");
        assertThat(BlobStorage.accountName(c, "http://127.0.0.1:10000/devstoreaccount1")).isEqualTo("devstoreaccount1");
        Configuration named = parse("--kafka.bootstrap-servers", "k:9092", "--azure.storage.account-name", "other");
        assertThat(BlobStorage.accountName(named, "https://flowlogs01.blob.core.windows.net")).isEqualTo("other");
    }

    @Test
    void aMissingCredentialOrABadOptionIsNamed() {
        Configuration sas = parse("--kafka.bootstrap-servers", "k:9092", "--azure.storage.auth", "sas",
                "--azure.storage.endpoint", "https://a.blob.core.windows.net");
        assertThatThrownBy(() -> BlobStorage.container(sas, Map.of()))
                .hasMessageContaining(BlobIngestOptions.SAS_TOKEN_ENV);
        Configuration noEndpoint = parse("--kafka.bootstrap-servers", "k:9092", "--azure.storage.auth", "account-key");
        assertThatThrownBy(() -> BlobStorage.container(noEndpoint, Map.of(BlobIngestOptions.ACCOUNT_KEY_ENV, "a2V5")))
                .hasMessageContaining("--azure.storage.endpoint is required");
        assertThatThrownBy(() -> parse("--kafka.bootstrap-servers", "k:9092", "--azure.storage.endpoint",
                "https://a.blob.core.windows.net/?sv=2024&sig=secret"))
                .hasMessageContaining(BlobIngestOptions.SAS_TOKEN_ENV).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse("--kafka.bootstrap-servers", "k:9092", "--azure.storage.auth", "password"))
                .hasMessageContaining("--azure.storage.auth");
        assertThatThrownBy(() -> parse("--azure.storage.container", "c"))
                .hasMessageContaining("--kafka.bootstrap-servers");
    }
}
