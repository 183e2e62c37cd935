package io.mlflowlite.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.limits.FailurePolicy;
import io.mlflowlite.limits.InMemoryKeyStore;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeySpec;
import io.mlflowlite.limits.LimitDecision;
import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.limits.ManualClock;
import io.mlflowlite.limits.Meter;
import io.mlflowlite.limits.Period;
import io.mlflowlite.limits.VirtualKey;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Redis going away and coming back under a limiter, fail open and fail closed. */
class RedisOutageTest {
    private final ManualClock clock = ManualClock.thisMinutePlus(Duration.ofSeconds(1));
    private final int port = EmbeddedRedis.freePort();
    private RedisServer server = EmbeddedRedis.start(port);
    private final VirtualKey key = KeyService.of(new InMemoryKeyStore())
            .create(KeySpec.builder("team-a").rpm(1).build())
            .key();

    @AfterEach
    void stop() {
        if (server != null) {
            EmbeddedRedis.stop(server);
        }
    }

    private RedisUsageCounter counter(String options) {
        return RedisUsageCounter.open("redis://127.0.0.1:" + port + "?timeout=300ms&" + options);
    }

    @Test
    void failOpenKeepsServingWhileRedisIsDownAndCountsAgainWhenItIsBack() {
        try (RedisUsageCounter counter = counter("cooldown=0");
                Limiter limiter = Limiter.builder(counter).timeSource(clock).build()) {
            assertThat(limiter.decide(key, "chat", 0).allowed()).isTrue();
            assertThat(limiter.decide(key, "chat", 0).allowed()).isFalse();

            EmbeddedRedis.stop(server);
            server = null;
            LimitDecision duringOutage = limiter.decide(key, "chat", 0);
            assertThat(duringOutage.allowed())
                    .as("over its rpm, but nothing can count it")
                    .isTrue();
            assertThat(duringOutage.headerMap()).isEmpty();
            assertThat(limiter.stats().counterFailures()).isEqualTo(1);

            server = EmbeddedRedis.start(port);
            assertThat(limiter.decide(key, "chat", 0).allowed())
                    .as("a new Redis counts from zero")
                    .isTrue();
            assertThat(limiter.decide(key, "chat", 0).refusal()).get().isInstanceOf(RateLimitedException.class);
            assertThat(counter.get(key.id(), Meter.REQUESTS, Period.MINUTE.windowAt(clock.now())))
                    .isEqualTo(2);
        }
    }

    @Test
    void failClosedRefusesWhileRedisIsDown() {
        try (RedisUsageCounter counter = counter("cooldown=0");
                Limiter limiter = Limiter.builder(counter)
                        .timeSource(clock)
                        .failurePolicy(FailurePolicy.FAIL_CLOSED)
                        .build()) {
            EmbeddedRedis.stop(server);
            server = null;

            LimitDecision refused = limiter.decide(key, "chat", 0);
            assertThat(refused.refusal()).get().isInstanceOf(LimitStoreException.class);
            assertThat(refused.refusal().orElseThrow().getMessage())
                    .startsWith("The limits of key 'team-a' cannot be checked, so the call is refused (fail closed): ")
                    .contains("redis://127.0.0.1:" + port);
        }
    }

    @Test
    void afterAFailureRedisIsLeftAloneForTheCooldown() {
        try (RedisUsageCounter counter = counter("cooldown=3600s")) {
            EmbeddedRedis.stop(server);
            server = EmbeddedRedis.start(port);
            // the pooled connection died with the old server: the first call fails on it
            Throwable first = org.assertj.core.api.Assertions.catchThrowable(
                    () -> counter.add("key-a", Meter.REQUESTS, Period.MINUTE.windowAt(clock.now()), 1));
            assertThat(first).isInstanceOf(LimitStoreException.class);

            Throwable second = org.assertj.core.api.Assertions.catchThrowable(
                    () -> counter.add("key-a", Meter.REQUESTS, Period.MINUTE.windowAt(clock.now()), 1));
            assertThat(second).isInstanceOf(LimitStoreException.class).hasMessageContaining("failed moments ago");
        }
    }
}
