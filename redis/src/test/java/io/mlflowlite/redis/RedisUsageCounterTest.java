package io.mlflowlite.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.Meter;
import io.mlflowlite.limits.Period;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.UsageCounterContract;
import io.mlflowlite.limits.Window;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The usage counter contract on a real redis-server, opened by URL as the gateway does. */
class RedisUsageCounterTest implements UsageCounterContract {
    private String url;
    private UsageCounter counter;

    @BeforeEach
    void open() {
        url = EmbeddedRedis.freshUrl();
        counter = LimitStores.openCounter(url);
    }

    @AfterEach
    void close() {
        counter.close();
    }

    @Override
    public UsageCounter counter() {
        return counter;
    }

    @Test
    void everyCounterKeyExpiresOneWindowAfterItsWindowEnds() {
        Window minute = Period.MINUTE.windowAt(Instant.now());
        counter.add("key-a", Meter.REQUESTS, minute, 1);
        counter.addSpend("key-a", Period.DAY.windowAt(Instant.now()), BigDecimal.ONE);
        long longest = minute.end().toEpochMilli() - System.currentTimeMillis() + 60_000;

        RedisUsageCounter redis = (RedisUsageCounter) counter;
        try (RedisClient client = RedisClient.create(java.net.URI.create(url.replace("?cooldown=0", "")))) {
            long ttl = client.pttl(redis.key("key-a", Meter.REQUESTS, minute));
            assertThat(ttl).isPositive().isLessThanOrEqualTo(longest);
            assertThat(client.keys("mlflowlite:usage:*"))
                    .allSatisfy(key -> assertThat(client.pttl(key)).isPositive());
        }
    }

    @Test
    void spendBelowAPicodollarIsRoundedUpNeverDown() {
        Window day = Period.DAY.windowAt(Instant.now());
        assertThat(counter.addSpend("key-a", day, new BigDecimal("0.0000000000001")))
                .isEqualByComparingTo("0.000000000001");
        assertThat(counter.addSpend("key-a", day, new BigDecimal("2.5"))).isEqualByComparingTo("2.500000000001");
        assertThat(counter.spend("key-a", day).toPlainString()).isEqualTo("2.500000000001");
    }

    @Test
    void aWrongPortFailsAtOpeningNamingRedis() {
        int port = EmbeddedRedis.freePort();
        assertThatThrownBy(() -> LimitStores.openCounter("redis://:s3cret@127.0.0.1:" + port + "?timeout=300ms"))
                .isInstanceOf(LimitStoreException.class)
                .hasMessageStartingWith("Cannot connect to Redis at redis://127.0.0.1:" + port + ": ")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> LimitStores.openCounter("redis://127.0.0.1:6379?colour=blue"))
                .hasMessageContaining("Unknown Redis URL option(s) [colour]");
    }
}
