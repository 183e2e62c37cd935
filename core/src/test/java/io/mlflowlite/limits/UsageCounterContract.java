package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageCounter} guarantees, run against each implementation: in memory, SQLite, PostgreSQL and
 * Redis. The implementing test class opens a counter on an empty backing store before each test.
 */
public interface UsageCounterContract {
    /** The counter under test, on an empty backing store. */
    UsageCounter counter();

    /** This minute: windows near the real time, so stores that expire by the wall clock keep them. */
    private static Window minute() {
        return Period.MINUTE.windowAt(Instant.now());
    }

    @Test
    default void addReturnsTheNewCountStartingFromZero() {
        Window w = minute();
        assertThat(counter().get("key-a", Meter.REQUESTS, w)).isZero();
        assertThat(counter().add("key-a", Meter.REQUESTS, w, 1)).isEqualTo(1);
        assertThat(counter().add("key-a", Meter.REQUESTS, w, 5)).isEqualTo(6);
        assertThat(counter().add("key-a", Meter.REQUESTS, w, -2)).isEqualTo(4);
        assertThat(counter().get("key-a", Meter.REQUESTS, w)).isEqualTo(4);
    }

    @Test
    default void countsAreSeparatePerSubjectMeterPeriodAndWindow() {
        Instant now = Instant.now();
        Window minute = Period.MINUTE.windowAt(now);
        Window hour = Period.HOUR.windowAt(now);
        Window nextMinute = Period.MINUTE.windowAt(minute.end());
        counter().add("key-a", Meter.REQUESTS, minute, 3);
        counter().add("key-b", Meter.REQUESTS, minute, 5);
        counter().add("key-a", Meter.TOKENS, minute, 700);
        counter().add("key-a", Meter.REQUESTS, hour, 11);
        counter().add("key-a", Meter.REQUESTS, nextMinute, 13);

        assertThat(counter().get("key-a", Meter.REQUESTS, nextMinute)).isEqualTo(13);
        assertThat(counter().get("key-a", Meter.REQUESTS, hour)).isEqualTo(11);
        assertThat(counter().get("key-a", Meter.TOKENS, minute)).isEqualTo(700);
        assertThat(counter().get("key-b", Meter.REQUESTS, minute)).isEqualTo(5);
        assertThat(counter().get("key-c", Meter.REQUESTS, minute)).isZero();
        assertThat(counter().get("key-a", Meter.ALERTS, hour)).isZero();
    }

    @Test
    default void spendIsExactToTwelveDecimalPlaces() {
        Window month = Period.MONTH.windowAt(Instant.now());
        assertThat(counter().spend("key-a", month)).isZero();
        assertThat(counter().addSpend("key-a", month, new BigDecimal("0.000000000001")))
                .isEqualByComparingTo("0.000000000001");
        assertThat(counter().addSpend("key-a", month, new BigDecimal("12.345678901234")))
                .isEqualByComparingTo("12.345678901235");
        // 0.1 + 0.2 is where binary floating point shows
        counter().addSpend("key-b", month, new BigDecimal("0.1"));
        assertThat(counter().addSpend("key-b", month, new BigDecimal("0.2"))).isEqualByComparingTo("0.3");
        assertThat(counter().spend("key-a", month)).isEqualByComparingTo("12.345678901235");
        assertThat(counter().spend("key-a", Period.DAY.windowAt(Instant.now()))).isZero();
    }

    @Test
    default void aReservationIsGivenBackExactlyAndSpendIsNotACount() {
        Window month = Period.MONTH.windowAt(Instant.now());
        counter().addSpend("key-a", month, new BigDecimal("0.5"));
        BigDecimal reserved = new BigDecimal("0.004915200001"); // a worst case, held while the call runs
        assertThat(counter().addSpend("key-a", month, reserved)).isEqualByComparingTo("0.504915200001");
        // the call ends: the reservation is replaced by its actual cost
        BigDecimal actual = new BigDecimal("0.000012345678");
        assertThat(counter().addSpend("key-a", month, actual.subtract(reserved)))
                .isEqualByComparingTo("0.500012345678");
        assertThatThrownBy(() -> counter().add("key-a", Meter.SPEND, month, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void aReservationIsAddedOnlyWhenItFitsUnderTheLimit() {
        Window day = Period.DAY.windowAt(Instant.now());
        BigDecimal limit = new BigDecimal("1.00");
        counter().addSpend("key-a", day, new BigDecimal("0.5"));

        assertThat(counter().reserveSpend("key-a", day, new BigDecimal("0.4"), limit))
                .isTrue();
        assertThat(counter().reserveSpend("key-a", day, new BigDecimal("0.4"), limit))
                .as("does not fit: not added")
                .isFalse();
        assertThat(counter().spend("key-a", day)).isEqualByComparingTo("0.9");
        assertThat(counter().reserveSpend("key-a", day, new BigDecimal("0.1"), limit))
                .as("up to the limit itself")
                .isTrue();
        assertThat(counter().spend("key-a", day)).isEqualByComparingTo("1.00");
        assertThat(counter().reserveSpend("key-b", day, new BigDecimal("2"), limit))
                .isFalse();
        assertThat(counter().spend("key-b", day)).isZero();
    }

    @Test
    default void concurrentReservationsFillTheLimitExactlyAndNeverPassIt() throws Exception {
        Window day = Period.DAY.windowAt(Instant.now());
        BigDecimal each = new BigDecimal("0.01");
        BigDecimal limit = new BigDecimal("1.00");
        java.util.concurrent.atomic.AtomicInteger fitted = new java.util.concurrent.atomic.AtomicInteger();
        run(8, () -> {
            for (int i = 0; i < 25; i++) {
                if (counter().reserveSpend("key-a", day, each, limit)) {
                    fitted.incrementAndGet();
                }
            }
        });
        assertThat(fitted.get()).isEqualTo(100);
        assertThat(counter().spend("key-a", day)).isEqualByComparingTo(limit);
    }

    @Test
    default void concurrentReservationsGivenBackLeaveTheSpendWhereItWas() throws Exception {
        Window month = Period.MONTH.windowAt(Instant.now());
        counter().addSpend("key-a", month, new BigDecimal("1.25"));
        BigDecimal each = new BigDecimal("0.000491520001");
        run(8, () -> {
            for (int i = 0; i < 25; i++) {
                counter().addSpend("key-a", month, each);
                counter().addSpend("key-a", month, each.negate());
            }
        });
        assertThat(counter().spend("key-a", month)).isEqualByComparingTo("1.25");
    }

    @Test
    default void concurrentIncrementsEachSeeADifferentCount() throws Exception {
        int threads = 8;
        int each = 50;
        Window w = minute();
        Set<Long> seen = new ConcurrentSkipListSet<>();
        run(threads, () -> {
            for (int i = 0; i < each; i++) {
                seen.add(counter().add("key-a", Meter.REQUESTS, w, 1));
            }
        });

        Set<Long> expected = new TreeSet<>();
        for (long v = 1; v <= threads * each; v++) {
            expected.add(v);
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(counter().get("key-a", Meter.REQUESTS, w)).isEqualTo(threads * each);
    }

    @Test
    default void concurrentSpendLosesNoMicroCent() throws Exception {
        Window month = Period.MONTH.windowAt(Instant.now());
        BigDecimal each = new BigDecimal("0.000001234567");
        run(8, () -> {
            for (int i = 0; i < 25; i++) {
                counter().addSpend("key-a", month, each);
            }
        });
        assertThat(counter().spend("key-a", month)).isEqualByComparingTo(each.multiply(BigDecimal.valueOf(200)));
    }

    /** Runs {@code work} on {@code threads} threads released together; rethrows the first failure. */
    private static void run(int threads, Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    work.run();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
