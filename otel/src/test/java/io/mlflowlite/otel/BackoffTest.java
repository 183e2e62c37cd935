package io.mlflowlite.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(7));

    @Test
    void doublesEachRetryWithJitterInTheUpperHalf() {
        for (int attempt = 0; attempt < 4; attempt++) {
            long full = 100L << attempt;
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt, Optional.empty()).toMillis()).isBetween(full / 2, full);
            }
        }
    }

    @Test
    void neverWaitsLongerThanMaxBackoff() {
        assertThat(backoff.delay(10, Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(200, Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(0, Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void honoursRetryAfterOverItsOwnSchedule() {
        assertThat(backoff.delay(3, Optional.of(Duration.ofSeconds(1)))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(0, Optional.of(Duration.ZERO))).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(OtlpHttp.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(OtlpHttp.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(1));
        assertThat(OtlpHttp.retryAfter(inAMinute).orElseThrow())
                .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
        assertThat(OtlpHttp.retryAfter("soon")).isEmpty();
    }
}
