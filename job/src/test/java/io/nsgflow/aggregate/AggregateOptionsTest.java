package io.nsgflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class AggregateOptionsTest {

    @Test
    void defaultsToFiveMinutesOfAllowedLateness() {
        assertThat(new Configuration().get(AggregateOptions.ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(5));
        AggregateOptions.validate(new Configuration());
    }

    @Test
    void aNegativeLatenessFailsNamingTheOption() {
        Configuration conf = new Configuration();
        conf.set(AggregateOptions.ALLOWED_LATENESS, Duration.ofSeconds(-1));
        assertThatThrownBy(() -> AggregateOptions.validate(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aggregate.allowed-lateness");
    }
}
