package io.nsgflow.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.alert.Severity;
import io.nsgflow.sink.webhook.WebhookOptions;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class AlertOptionsTest {

    @Test
    void defaultsAreMediumAndJson() {
        Configuration conf = new Configuration();
        AlertOptions.validate(conf);
        assertThat(AlertOptions.minSeverity(conf)).isEqualTo(Severity.MEDIUM);
        assertThat(AlertOptions.formats(conf)).containsExactly(WebhookFormat.JSON);
    }

    @Test
    void oneFormatAppliesToEveryUrlOrOnePerUrl() {
        Configuration conf = new Configuration();
        conf.set(WebhookOptions.URLS, List.of("https://a.example/x", "https://b.example/y"));
        conf.set(AlertOptions.FORMATS, List.of("slack"));
        assertThat(AlertOptions.formats(conf)).containsExactly(WebhookFormat.SLACK, WebhookFormat.SLACK);
        conf.set(AlertOptions.FORMATS, List.of("teams", "json"));
        assertThat(AlertOptions.formats(conf)).containsExactly(WebhookFormat.TEAMS, WebhookFormat.JSON);
    }

    @Test
    void badValuesFailNamingTheOption() {
        Configuration severity = new Configuration();
        severity.set(AlertOptions.MIN_SEVERITY, "urgent");
        assertThatThrownBy(() -> AlertOptions.validate(severity)).hasMessageContaining("alert.min-severity")
                .hasMessageContaining("urgent");

        Configuration format = new Configuration();
        format.set(AlertOptions.FORMATS, List.of("discord"));
        assertThatThrownBy(() -> AlertOptions.validate(format)).hasMessageContaining("webhook.format")
                .hasMessageContaining("json, slack or teams");

        Configuration count = new Configuration();
        count.set(WebhookOptions.URLS, List.of("https://a.example/x", "https://b.example/y", "https://c.example/z"));
        count.set(AlertOptions.FORMATS, List.of("slack", "teams"));
        assertThatThrownBy(() -> AlertOptions.validate(count)).hasMessageContaining("webhook.format has 2 formats for 3 URLs");

        Configuration interval = new Configuration();
        interval.setString(AlertOptions.THROTTLE_INTERVAL.key(), "0 s");
        assertThatThrownBy(() -> AlertOptions.validate(interval)).hasMessageContaining("alert.throttle.interval");
    }
}
