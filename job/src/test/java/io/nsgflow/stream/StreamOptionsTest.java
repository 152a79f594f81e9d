package io.nsgflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class StreamOptionsTest {

    private static Configuration with(String... keyValues) {
        Configuration config = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setString(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertThatThrownBy(() -> StreamOptions.validate(with("elasticsearch.hosts", "http://es:9200")))
                .hasMessageContaining("kafka.bootstrap-servers");
        assertThatThrownBy(() -> StreamOptions.validate(with("kafka.bootstrap-servers", "k:9092")))
                .hasMessageContaining("elasticsearch.hosts");
    }

    @Test
    void elasticsearchHostsAreCommaSeparatedHttpUrls() {
        Configuration config = with("kafka.bootstrap-servers", "k:9092",
                "elasticsearch.hosts", "http://es1:9200, https://es2:9243");
        StreamOptions.validate(config);
        assertThat(io.nsgflow.sink.elasticsearch.ElasticsearchOptions.hosts(config))
                .containsExactly(URI.create("http://es1:9200"), URI.create("https://es2:9243"));
    }

    @Test
    void hostThatIsNotAnHttpUrlIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> StreamOptions.validate(with("kafka.bootstrap-servers", "k:9092",
                "elasticsearch.hosts", "es1:9200")))
                .hasMessageContaining("elasticsearch.hosts").hasMessageContaining("'es1:9200'");
    }

    @Test
    void nonPositiveBulkSizeIsRejected() {
        assertThatThrownBy(() -> StreamOptions.validate(with("kafka.bootstrap-servers", "k:9092",
                "elasticsearch.hosts", "http://es:9200", "elasticsearch.bulk.max-actions", "0")))
                .hasMessageContaining("elasticsearch.bulk.max-actions");
    }

    @Test
    void checkpointIntervalMustBePositive() {
        assertThatThrownBy(() -> StreamOptions.validate(with("kafka.bootstrap-servers", "k:9092",
                "elasticsearch.hosts", "http://es:9200", "checkpoint.interval", "0 s")))
                .hasMessageContaining("checkpoint.interval");
    }
}
