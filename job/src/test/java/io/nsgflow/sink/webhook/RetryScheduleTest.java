package io.nsgflow.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(6, Duration.ofMinutes(1), Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    @Test
    void backoffDoublesUpToTheCap() {
        assertThat(schedule.next(1, Duration.ZERO, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.next(2, Duration.ZERO, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.next(3, Duration.ZERO, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.next(4, Duration.ZERO, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.next(5, Duration.ZERO, null)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givesUpAfterTheAttemptsOrBeyondTheDuration() {
        assertThat(schedule.next(6, Duration.ZERO, null)).isNull();
        assertThat(schedule.next(2, Duration.ofSeconds(59), null)).isNull(); // 59 s + 2 s backoff > 1 min
        assertThat(schedule.next(2, Duration.ofSeconds(58), null)).isEqualTo(Duration.ofSeconds(2)); // 60 s: in
    }

    @Test
    void retryAfterReplacesTheBackoffEvenBeyondTheCap() {
        assertThat(schedule.next(1, Duration.ZERO, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.next(1, Duration.ofSeconds(40), Duration.ofSeconds(30))).isNull();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-12-03T08:00:00Z");
        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 08:01:30 GMT", now)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 07:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
        assertThat(RetryAfter.parse("-5", now)).isNull();
    }
}
