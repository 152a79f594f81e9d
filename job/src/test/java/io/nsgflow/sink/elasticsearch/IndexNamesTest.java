package io.nsgflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexNamesTest {

    @Test
    void dailyIndexIsTheUtcDayOfTheEventTime() {
        IndexNames names = new IndexNames("nsgflow");
        assertThat(names.daily("drift", Instant.parse("2026-11-20T23:59:59.999Z").toEpochMilli()))
                .isEqualTo("nsgflow-drift-2026.11.20");
        assertThat(names.daily("drift", Instant.parse("2026-11-21T00:00:00Z").toEpochMilli()))
                .isEqualTo("nsgflow-drift-2026.11.21");
        assertThat(new IndexNames("acme.prod").daily("alerts", 0)).isEqualTo("acme.prod-alerts-1970.01.01");
        assertThat(names.pattern("flows")).isEqualTo("nsgflow-flows-*");
    }

    @Test
    void prefixThatCannotBeAnIndexNameIsRefused() {
        assertThatThrownBy(() -> new IndexNames("NsgFlow")).hasMessageContaining("NsgFlow");
        assertThatThrownBy(() -> new IndexNames("_hidden")).hasMessageContaining("_hidden");
        assertThatThrownBy(() -> new IndexNames("a b")).hasMessageContaining("a b");
    }
}
