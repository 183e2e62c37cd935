package io.mlflowlite.redis;

import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.limits.Meter;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.Window;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link UsageCounter}s in Redis, shared by every gateway replica that uses the same Redis: the fastest way to
 * share rate limits and budgets (one round trip per count, no disk write). Thread-safe.
 *
 * <p>Each counter is one Redis key, {@code <prefix>:usage:<subject>:<kind>:<window start ms>}, changed by a Lua
 * script that runs {@code INCRBY} and, on a key without a TTL, {@code PEXPIRE} in one atomic step and one round
 * trip: concurrent adds from any number of replicas are serialised by Redis and each sees its own result, and no
 * key is ever left without an expiry (one window length after its window ends).
 *
 * <p>Spend is kept exactly as an integer number of picodollars (10<sup>-12</sup> USD; every price per million tokens
 * with up to 6 decimals multiplies out within that), because {@code INCRBYFLOAT} is a binary float. An amount with
 * more decimals is rounded <em>up</em> to the next picodollar, so a budget is never under-counted. The limit is
 * Redis's 64-bit integer: about 9.2 million dollars per key per window; past it the add fails (and counts as a
 * counter failure) instead of wrapping.
 *
 * <p>Failures: every Redis error is a {@link LimitStoreException}; the {@link io.mlflowlite.limits.Limiter}'s
 * {@link io.mlflowlite.limits.FailurePolicy} decides whether calls go on (fail open, the default) or stop. Calls
 * wait at most the URL's {@code timeout} (default 500 ms) for Redis; after a failure, Redis is not asked again for
 * {@code cooldown} (default 5 s) and calls fail at once, so an outage costs each request microseconds, not a
 * timeout.
 */
public final class RedisUsageCounter implements UsageCounter {
    /** Adds ARGV[1] to KEYS[1], gives a key without expiry ARGV[2] ms to live, returns the new value. */
    private static final String ADD = """
            local value = redis.call('INCRBY', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < 0 then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return value""";

    /**
     * Adds ARGV[1] to KEYS[1] unless the value would pass ARGV[3] (then takes it back, unseen: the script is
     * atomic), gives a key without expiry ARGV[2] ms to live, returns 1 when it added, else 0.
     */
    private static final String RESERVE = """
            local added = 1
            if redis.call('INCRBY', KEYS[1], ARGV[1]) > tonumber(ARGV[3]) then
                redis.call('DECRBY', KEYS[1], ARGV[1])
                added = 0
            end
            if redis.call('PTTL', KEYS[1]) < 0 then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return added""";

    private static final int PICO = 12;

    private final RedisUrl url;
    private final RedisClient redis;
    private final long cooldownNanos;
    private volatile long downUntilNanos;
    private volatile boolean closed;

    private RedisUsageCounter(RedisUrl url, RedisClient redis) {
        this.url = url;
        this.redis = redis;
        this.cooldownNanos = url.cooldown().toNanos();
    }

    /**
     * Connects to the Redis at {@code url} ({@code redis://[user:password@]host[:port][/database][?timeout=500ms
     * &pool=16&cooldown=5s&prefix=mlflowlite]}, {@code rediss://} for TLS) and checks it answers.
     *
     * @throws LimitStoreException naming the problem and its fix when the URL is wrong or Redis does not answer
     */
    public static RedisUsageCounter open(String url) {
        RedisUrl parsed = RedisUrl.parse(url);
        int timeout = (int) parsed.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .database(parsed.database())
                .ssl(parsed.tls())
                .clientName("mlflowlite-limits");
        if (parsed.password() != null) {
            config.user(parsed.user()).password(parsed.password());
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(parsed.pool());
        pool.setMaxIdle(parsed.pool());
        pool.setMaxWait(parsed.timeout());
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(parsed.host(), parsed.port()))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        try {
            client.ping();
        } catch (JedisException e) {
            client.close();
            throw new LimitStoreException(
                    "Cannot connect to Redis at " + parsed.description() + ": " + message(e)
                            + ". Fix: start Redis there, or correct the host, port and password in the Redis URL",
                    e);
        }
        return new RedisUsageCounter(parsed, client);
    }

    @Override
    public long add(String subject, Meter meter, Window window, long delta) {
        countable(meter);
        return call("count " + meter.kind(window.period()), () -> (Long) redis.eval(
                ADD,
                List.of(key(subject, meter, window)),
                List.of(Long.toString(delta), Long.toString(ttlMillis(window)))));
    }

    @Override
    public long get(String subject, Meter meter, Window window) {
        countable(meter);
        String value = call("read " + meter.kind(window.period()), () -> redis.get(key(subject, meter, window)));
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public BigDecimal addSpend(String subject, Window window, BigDecimal usd) {
        long picodollars = picodollars(usd);
        long total = call("add spend", () -> (Long) redis.eval(
                ADD,
                List.of(key(subject, Meter.SPEND, window)),
                List.of(Long.toString(picodollars), Long.toString(ttlMillis(window)))));
        return dollars(total);
    }

    @Override
    public boolean reserveSpend(String subject, Window window, BigDecimal usd, BigDecimal limit) {
        long picodollars = picodollars(usd);
        // the limit rounded down, as the amount is rounded up: a reservation that fits here fits exactly
        long most = limit.movePointRight(PICO)
                .setScale(0, RoundingMode.FLOOR)
                .min(BigDecimal.valueOf(Long.MAX_VALUE))
                .longValue();
        long added = call("reserve spend", () -> (Long) redis.eval(
                RESERVE,
                List.of(key(subject, Meter.SPEND, window)),
                List.of(Long.toString(picodollars), Long.toString(ttlMillis(window)), Long.toString(most))));
        return added == 1;
    }

    @Override
    public BigDecimal spend(String subject, Window window) {
        String value = call("read spend", () -> redis.get(key(subject, Meter.SPEND, window)));
        return value == null ? BigDecimal.ZERO : dollars(Long.parseLong(value));
    }

    /** {@code redis://host:port[/db]}, without credentials. */
    @Override
    public String describe() {
        return url.description();
    }

    @Override
    public void close() {
        closed = true;
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisUsageCounter[" + describe() + "]";
    }

    /** The Redis key of a counter; public for operators who want to look at one with redis-cli. */
    public String key(String subject, Meter meter, Window window) {
        Objects.requireNonNull(subject, "subject");
        return url.prefix() + ":usage:" + subject + ":" + meter.kind(window.period()) + ":"
                + window.start().toEpochMilli();
    }

    /**
     * Until one window length after the window ends, counted from Redis's receipt of the command; relative, so a
     * replica's clock that is off does not make keys live too long or vanish.
     */
    private static long ttlMillis(Window window) {
        long untilEnd = Math.max(0, window.end().toEpochMilli() - System.currentTimeMillis());
        return Math.max(1_000, untilEnd + window.length().toMillis());
    }

    /** {@code usd} in picodollars, rounded up (towards zero for an amount given back). */
    private static long picodollars(BigDecimal usd) {
        try {
            return usd.movePointRight(PICO).setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "$" + usd.toPlainString() + " is more than Redis can count in " + "picodollars", e);
        }
    }

    private static BigDecimal dollars(long picodollars) {
        return BigDecimal.valueOf(picodollars, PICO).stripTrailingZeros();
    }

    private <T> T call(String what, Supplier<T> command) {
        if (closed) {
            throw new LimitStoreException("Could not " + what + ": the Redis counter " + describe() + " is closed");
        }
        if (cooldownNanos > 0 && System.nanoTime() - downUntilNanos < 0) {
            throw new LimitStoreException("Could not " + what + ": Redis at " + describe() + " failed moments ago; "
                    + "trying again after " + url.cooldown().toMillis() + " ms");
        }
        try {
            return command.get();
        } catch (JedisException e) {
            downUntilNanos = System.nanoTime() + cooldownNanos;
            throw new LimitStoreException("Could not " + what + " in Redis at " + describe() + ": " + message(e), e);
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e == root || e.getMessage() == null ? text : e.getMessage() + " (" + text + ")";
    }

    private static void countable(Meter meter) {
        if (meter == Meter.SPEND) {
            throw new IllegalArgumentException("Spend is counted in dollars: use addSpend and spend");
        }
    }
}
