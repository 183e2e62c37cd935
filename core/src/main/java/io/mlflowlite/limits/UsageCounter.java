package io.mlflowlite.limits;

import java.math.BigDecimal;

/**
 * Atomic counters per subject (a key id, or {@code endpoint:<name>}), {@link Meter} and {@link Window}: the shared
 * state behind rate limits and budgets. Implementations: {@link InMemoryUsageCounter} (one process), the store
 * module's {@code JdbcUsageCounter} (SQLite, PostgreSQL) and the redis module's {@code RedisUsageCounter}; the
 * last two are shared by every replica that uses the same database or Redis.
 *
 * <p>Contract:
 * <ul>
 *   <li>Thread-safe, and atomic across every process sharing the backing store: concurrent adds are never lost,
 *       and concurrent {@code add(…, 1)} calls on one counter each see a different result, which is what lets
 *       {@code result <= limit} admit exactly {@code limit} requests.</li>
 *   <li>A counter starts at zero when its window is first used. After the window's end it may be forgotten at any
 *       time (that is how counters expire); reading or adding to a forgotten window starts from zero again.</li>
 *   <li>Spend is exact: what {@link #addSpend} adds is kept to at least 12 decimal places (a millionth of a
 *       micro-dollar; every price per million tokens with up to 6 decimals multiplies out within that).</li>
 *   <li>Methods may block on one round trip to the backing store, and throw {@link LimitStoreException} when it
 *       fails; {@link #local()} tells when they never block.</li>
 * </ul>
 */
public interface UsageCounter extends AutoCloseable {
    /**
     * Adds {@code delta} (may be negative) to the count of {@code meter} for {@code subject} in {@code window} and
     * returns the new count.
     *
     * @throws IllegalArgumentException for {@link Meter#SPEND}, which is counted in dollars by {@link #addSpend}
     */
    long add(String subject, Meter meter, Window window, long delta);

    /** The count of {@code meter} for {@code subject} in {@code window}; zero when nothing was added. */
    long get(String subject, Meter meter, Window window);

    /**
     * Adds {@code usd} to the spend of {@code subject} in {@code window} and returns the new total. A negative amount
     * gives back part of an earlier addition (a budget reservation replaced by the call's actual cost).
     */
    BigDecimal addSpend(String subject, Window window, BigDecimal usd);

    /**
     * Adds {@code usd} (positive) to the spend of {@code subject} in {@code window} only when the total stays at most
     * {@code limit}, atomically across every process sharing the store; returns whether it did. A budget reserves a
     * call's worst case with it, so a reservation that does not fit never shows in the spend.
     */
    boolean reserveSpend(String subject, Window window, BigDecimal usd, BigDecimal limit);

    /** The spend of {@code subject} in {@code window}; zero when nothing was added. */
    BigDecimal spend(String subject, Window window);

    /** Whether calls stay in this process and never block; the limiter then records usage inline. */
    default boolean local() {
        return false;
    }

    /** Where the counters are, without credentials: {@code memory}, {@code redis://host:6379} … */
    String describe();

    /** Releases connections; idempotent. */
    @Override
    void close();
}
