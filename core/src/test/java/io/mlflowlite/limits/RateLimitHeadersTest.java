package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    @Test
    void resetsAreFormattedLikeOpenAis() {
        assertThat(RateLimitHeaders.formatReset(Duration.ZERO)).isEqualTo("0s");
        assertThat(RateLimitHeaders.formatReset(Duration.ofMillis(12))).isEqualTo("12ms");
        assertThat(RateLimitHeaders.formatReset(Duration.ofNanos(11_000_001)))
                .as("rounded up")
                .isEqualTo("12ms");
        assertThat(RateLimitHeaders.formatReset(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(RateLimitHeaders.formatReset(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(RateLimitHeaders.formatReset(Duration.ofMillis(59_250))).isEqualTo("59.25s");
        assertThat(RateLimitHeaders.formatReset(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(RateLimitHeaders.formatReset(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
        assertThat(RateLimitHeaders.formatReset(Duration.ofHours(2))).isEqualTo("2h0m0s");
    }

    @Test
    void headersAreOpenAisNamesInOpenAisOrderAndOnlyForLimitsTheKeyHas() {
        RateLimitHeaders both = new RateLimitHeaders(
                Optional.of(new RateLimitHeaders.Quota(60, 59, Duration.ofMillis(1500))),
                Optional.of(new RateLimitHeaders.Quota(150000, 149984, Duration.ofMillis(6))));
        assertThat(both.asMap())
                .containsExactly(
                        java.util.Map.entry("x-ratelimit-limit-requests", "60"),
                        java.util.Map.entry("x-ratelimit-limit-tokens", "150000"),
                        java.util.Map.entry("x-ratelimit-remaining-requests", "59"),
                        java.util.Map.entry("x-ratelimit-remaining-tokens", "149984"),
                        java.util.Map.entry("x-ratelimit-reset-requests", "1.5s"),
                        java.util.Map.entry("x-ratelimit-reset-tokens", "6ms"));

        RateLimitHeaders tokensOnly = new RateLimitHeaders(
                Optional.empty(), Optional.of(new RateLimitHeaders.Quota(100, 0, Duration.ofSeconds(2))));
        assertThat(tokensOnly.asMap())
                .containsOnlyKeys(
                        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens");
        assertThat(RateLimitHeaders.NONE.asMap()).isEmpty();
    }
}
