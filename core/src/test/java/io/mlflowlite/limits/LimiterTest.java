package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.AuthenticationException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.PermissionDeniedException;
import io.mlflowlite.error.RateLimitedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimiterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:15Z"));
    private final InMemoryUsageCounter counter = new InMemoryUsageCounter();
    private final Limiter limiter = Limiter.builder(counter).timeSource(clock).build();
    private final KeyService keys =
            KeyService.builder(new InMemoryKeyStore()).timeSource(clock).build();

    private VirtualKey key(KeySpec.Builder spec) {
        return keys.create(spec.build()).key();
    }

    private static RateLimitedException rateLimited(LimitDecision decision) {
        assertThat(decision.allowed()).isFalse();
        return (RateLimitedException) decision.refusal().orElseThrow();
    }

    @Test
    void anEndpointOutsideTheAllowedListIsPermissionDeniedNamingTheAllowedOnes() {
        VirtualKey key = key(KeySpec.builder("team-a").allowedEndpoints("chat", "embed"));

        assertThatThrownBy(() -> limiter.admit(key, "gpt-5-prod", 0))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("key 'team-a' may not use endpoint 'gpt-5-prod'; allowed: chat, embed");
        assertThat(limiter.decide(key, "chat", 0).allowed()).isTrue();
    }

    @Test
    void anAllowedPrefixAdmitsEveryEndpointStartingWithIt() {
        VirtualKey key = key(KeySpec.builder("team-a").allowedEndpoints("mock/*"));

        assertThat(limiter.decide(key, "mock/echo", 0).allowed()).isTrue();
        assertThat(limiter.decide(key, "openai/gpt-5", 0).allowed()).isFalse();
    }

    @Test
    void rpmAdmitsTheLimitThenRefusesUntilTheMinuteEnds() {
        VirtualKey key = key(KeySpec.builder("team-a").rpm(3));

        assertThat(limiter.admit(key, "chat", 0).headerMap())
                .containsExactly(
                        Map.entry("x-ratelimit-limit-requests", "3"),
                        Map.entry("x-ratelimit-remaining-requests", "2"),
                        Map.entry("x-ratelimit-reset-requests", "45s"));
        limiter.admit(key, "chat", 0);
        assertThat(limiter.admit(key, "chat", 0).headerMap()).containsEntry("x-ratelimit-remaining-requests", "0");

        clock.advance(Duration.ofSeconds(30));
        LimitDecision fourth = limiter.decide(key, "chat", 0);
        RateLimitedException refusal = rateLimited(fourth);
        assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(15));
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.code()).contains("rate_limit_exceeded");
        assertThat(refusal.providerMessage())
                .isEqualTo("Rate limit reached for key 'team-a': 3 requests per minute. Try again in 15s.");
        assertThat(fourth.headerMap())
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "15s");

        clock.advance(Duration.ofSeconds(15));
        assertThat(limiter.admit(key, "chat", 0).headerMap())
                .containsEntry("x-ratelimit-remaining-requests", "2")
                .containsEntry("x-ratelimit-reset-requests", "1m0s");
    }

    @Test
    void tpmReservesTheEstimateAndSettlesToTheActualCount() {
        VirtualKey key = key(KeySpec.builder("team-a").tpm(1000));

        Admission first = limiter.admit(key, "chat", 600);
        assertThat(first.headerMap())
                .containsEntry("x-ratelimit-limit-tokens", "1000")
                .containsEntry("x-ratelimit-remaining-tokens", "400");

        LimitDecision tooMuch = limiter.decide(key, "chat", 500);
        assertThat(rateLimited(tooMuch).type()).contains("tokens");
        assertThat(tooMuch.headerMap())
                .as("the refused reservation was given back")
                .containsEntry("x-ratelimit-remaining-tokens", "400");

        first.complete(200, BigDecimal.ZERO);
        first.complete(900, BigDecimal.ZERO);
        assertThat(limiter.usage(key).tokens())
                .as("only the first completion counts")
                .isEqualTo(200);
        assertThat(limiter.admit(key, "chat", 500).headerMap()).containsEntry("x-ratelimit-remaining-tokens", "300");
    }

    @Test
    void aRequestLargerThanTheTpmIsInvalidBecauseWaitingNeverHelps() {
        VirtualKey key = key(KeySpec.builder("team-a").tpm(1000));

        assertThatThrownBy(() -> limiter.admit(key, "chat", 1500))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs about 1500 tokens")
                .hasMessageContaining("allows 1000 tokens per minute");
        assertThat(limiter.usage(key).tokens()).isZero();
    }

    @Test
    void aRejectingBudgetRefusesOnceSpentUntilItsWindowEnds() {
        VirtualKey key = key(KeySpec.builder("team-a").budget("1", Period.HOUR));

        limiter.admit(key, "chat", 0).complete(100, new BigDecimal("0.6"));
        assertThat(limiter.decide(key, "chat", 0).allowed()).isTrue();
        limiter.admit(key, "chat", 0).complete(100, new BigDecimal("0.5"));

        RateLimitedException refusal = rateLimited(limiter.decide(key, "chat", 0));
        assertThat(refusal.code()).contains("budget_exceeded");
        assertThat(refusal.type()).contains("insufficient_quota");
        assertThat(refusal.providerMessage())
                .isEqualTo("Budget exceeded for key 'team-a': $1.1 spent of $1 per hour. "
                        + "Calls resume at 2026-03-01T11:00:00Z.");
        assertThat(refusal.retryAfter()).contains(Duration.ofMinutes(59).plusSeconds(45));

        clock.advance(Duration.ofMinutes(60));
        assertThat(limiter.decide(key, "chat", 0).allowed()).isTrue();
    }

    @Test
    void aRejectingBudgetHoldsEachCallsWorstCaseUntilTheCallEnds() {
        VirtualKey key = key(KeySpec.builder("team-a").budget("1", Period.HOUR));
        BigDecimal worstCase = new BigDecimal("0.4");

        Admission first = limiter.admit(key, "chat", 0, worstCase);
        limiter.admit(key, "chat", 0, worstCase);
        assertThat(limiter.usage(key).spend()).as("both held").isEqualByComparingTo("0.8");

        RateLimitedException refusal = rateLimited(limiter.decide(key, "chat", 0, worstCase));
        assertThat(refusal.code()).contains("budget_exceeded");
        assertThat(refusal.type()).contains("insufficient_quota");
        assertThat(refusal.providerMessage())
                .isEqualTo("Budget too low for this request on key 'team-a': it may cost up to $0.4 (its prompt, "
                        + "and max_tokens of output, at the prices of the models that may serve it), and $0.2 of the "
                        + "$1 per hour budget is left (the rest is spent or held by calls in flight). Lower "
                        + "max_tokens, retry later (the budget renews at 2026-03-01T11:00:00Z), or ask the gateway's "
                        + "admin for a key with a larger budget.");
        assertThat(refusal.retryAfter()).contains(Duration.ofMinutes(59).plusSeconds(45));
        assertThat(limiter.usage(key).spend())
                .as("the refused reservation given back")
                .isEqualByComparingTo("0.8");

        first.complete(100, new BigDecimal("0.1"));
        assertThat(limiter.usage(key).spend()).as("replaced by the actual cost").isEqualByComparingTo("0.5");
        assertThat(limiter.decide(key, "chat", 0, worstCase).allowed()).isTrue();
    }

    @Test
    void aCallRefusedByItsRateLimitGivesItsBudgetReservationBack() {
        VirtualKey key = key(KeySpec.builder("team-a").rpm(1).budget("1", Period.HOUR));

        limiter.admit(key, "chat", 0, new BigDecimal("0.3"));
        LimitDecision second = limiter.decide(key, "chat", 0, new BigDecimal("0.3"));

        assertThat(rateLimited(second).code()).contains("rate_limit_exceeded");
        assertThat(limiter.usage(key).spend()).isEqualByComparingTo("0.3");
    }

    @Test
    void anAlertingBudgetHoldsNothingAndKeepsServing() {
        VirtualKey key = key(
                KeySpec.builder("team-a").alertingBudget("1", Period.HOUR, java.net.URI.create("http://127.0.0.1:9")));

        Admission admission = limiter.admit(key, "chat", 0, new BigDecimal("5"));

        assertThat(limiter.usage(key).spend()).isZero();
        admission.complete(100, new BigDecimal("2"));
        assertThat(limiter.usage(key).spend()).isEqualByComparingTo("2");
        assertThat(limiter.decide(key, "chat", 0, new BigDecimal("5")).allowed())
                .isTrue();
    }

    @Test
    void aRevokedKeyIsRefused() {
        VirtualKey key = key(KeySpec.builder("team-a"));
        VirtualKey revoked = keys.revoke(key.id());

        assertThat(limiter.decide(revoked, "chat", 0).refusal()).get().isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aKeyWithoutLimitsNeverTouchesTheCounter() {
        Limiter overBrokenCounter = Limiter.builder(new BrokenCounter())
                .timeSource(clock)
                .failurePolicy(FailurePolicy.FAIL_CLOSED)
                .build();
        VirtualKey key = key(KeySpec.builder("team-a").allowedEndpoints("chat"));

        Admission admission = overBrokenCounter.admit(key, "chat", 100);
        admission.complete(100, new BigDecimal("5"));

        assertThat(admission.headerMap()).isEmpty();
        assertThat(overBrokenCounter.stats().counterFailures()).isZero();
    }

    @Test
    void failOpenAdmitsWhenTheCounterIsDownAndCountsTheFailure() {
        Limiter open = Limiter.builder(new BrokenCounter()).timeSource(clock).build();
        VirtualKey key = key(KeySpec.builder("team-a").rpm(1).budget("1", Period.DAY));

        LimitDecision first = open.decide(key, "chat", 0);
        LimitDecision second = open.decide(key, "chat", 0);

        assertThat(first.allowed()).isTrue();
        assertThat(second.allowed())
                .as("nothing is enforced while the counter is down")
                .isTrue();
        assertThat(first.headerMap()).isEmpty();
        first.orThrow().complete(10, BigDecimal.ONE);
        assertThat(open.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(open.stats().counterFailures()).isEqualTo(3);
    }

    @Test
    void failClosedRefusesWhenTheCounterIsDown() {
        Limiter closed = Limiter.builder(new BrokenCounter())
                .timeSource(clock)
                .failurePolicy(FailurePolicy.FAIL_CLOSED)
                .build();
        VirtualKey key = key(KeySpec.builder("team-a").rpm(100));

        assertThatThrownBy(() -> closed.admit(key, "chat", 0))
                .isInstanceOf(LimitStoreException.class)
                .hasMessageStartingWith("The limits of key 'team-a' cannot be checked, so the call is refused "
                        + "(fail closed): redis://nowhere:6379 is down");
    }

    @Test
    void anEndpointLimitCountsEveryCallerOfTheEndpoint() {
        assertThat(limiter.decideEndpoint("chat", 2, Period.MINUTE).headerMap())
                .containsEntry("x-ratelimit-remaining-requests", "1");
        limiter.decideEndpoint("chat", 2, Period.MINUTE);

        RateLimitedException refusal = rateLimited(limiter.decideEndpoint("chat", 2, Period.MINUTE));
        assertThat(refusal.providerMessage())
                .isEqualTo("Rate limit reached for endpoint 'chat': 2 calls per minute. Try again in 45s.");
        assertThat(limiter.decideEndpoint("embed", 2, Period.MINUTE).allowed()).isTrue();
    }

    /** A counter whose backing store is unreachable. */
    static final class BrokenCounter implements UsageCounter {
        private static LimitStoreException down() {
            return new LimitStoreException("redis://nowhere:6379 is down");
        }

        @Override
        public long add(String subject, Meter meter, Window window, long delta) {
            throw down();
        }

        @Override
        public long get(String subject, Meter meter, Window window) {
            throw down();
        }

        @Override
        public BigDecimal addSpend(String subject, Window window, BigDecimal usd) {
            throw down();
        }

        @Override
        public boolean reserveSpend(String subject, Window window, BigDecimal usd, BigDecimal limit) {
            throw down();
        }

        @Override
        public BigDecimal spend(String subject, Window window) {
            throw down();
        }

        @Override
        public String describe() {
            return "redis://nowhere:6379";
        }

        @Override
        public void close() {}
    }
}
