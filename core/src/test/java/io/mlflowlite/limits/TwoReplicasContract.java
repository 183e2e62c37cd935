package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.error.RateLimitedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas, each with its own {@link KeyService}, {@link Limiter}, key store connection and counter
 * connection, sharing one backing store: what one admits, counts or spends, the other sees. Subclasses say where
 * the keys and counters live (memory, PostgreSQL, Redis); each call of {@link #openKeys()} and
 * {@link #openCounter()} must return a new, independent connection to the same shared place.
 */
public abstract class TwoReplicasContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    protected final ManualClock clock = ManualClock.thisMinutePlus(Duration.ofSeconds(1));
    private final List<AutoCloseable> opened = new ArrayList<>();
    private KeyService keysA;
    private KeyService keysB;
    private Limiter limiterA;
    private Limiter limiterB;

    /** A new connection to the shared key store (empty at the start of each test). */
    protected abstract KeyStore openKeys();

    /** A new connection to the shared counters (empty at the start of each test). */
    protected abstract UsageCounter openCounter();

    @BeforeEach
    void startReplicas() {
        keysA = KeyService.builder(keep(openKeys()))
                .timeSource(clock)
                .cacheTtl(Duration.ofSeconds(5))
                .build();
        keysB = KeyService.builder(keep(openKeys()))
                .timeSource(clock)
                .cacheTtl(Duration.ofSeconds(5))
                .build();
        limiterA = keep(Limiter.builder(keep(openCounter())).timeSource(clock).build());
        limiterB = keep(Limiter.builder(keep(openCounter())).timeSource(clock).build());
    }

    @AfterEach
    void stopReplicas() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @Test
    void aKeyCreatedOnOneReplicaWorksOnTheOtherUntilRevokedThere() {
        CreatedKey created = keysA.create(KeySpec.builder("team-a").rpm(10).build());

        assertThat(keysB.authenticate(created.secret())).contains(created.key());

        keysA.revoke("team-a");
        assertThat(keysA.authenticate(created.secret())).isEmpty();
        // B trusts its cache for up to its TTL, then asks the store again
        clock.advance(Duration.ofSeconds(6));
        assertThat(keysB.authenticate(created.secret())).isEmpty();
    }

    @Test
    void togetherTheyAdmitExactlyTheRpmUnderConcurrentLoad() throws Exception {
        VirtualKey key =
                keysA.create(KeySpec.builder("team-a").rpm(100).build()).key();
        VirtualKey seenByB = keysB.get(key.id()).orElseThrow();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Limiter replica = i % 2 == 0 ? limiterA : limiterB;
                VirtualKey k = i % 2 == 0 ? key : seenByB;
                attempts.add(pool.submit(() -> {
                    go.await();
                    LimitDecision d = replica.decide(k, "chat", 0);
                    if (d.allowed()) {
                        admitted.incrementAndGet();
                    } else if (d.refusal().orElseThrow() instanceof RateLimitedException) {
                        limited.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : attempts) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(admitted).hasValue(100);
        assertThat(limited).hasValue(200);
        assertThat(limiterA.stats().counterFailures() + limiterB.stats().counterFailures())
                .isZero();
    }

    @Test
    void tokensReservedOnOneReplicaAreSeenByTheOther() {
        VirtualKey key =
                keysA.create(KeySpec.builder("team-a").tpm(1000).build()).key();

        Admission onA = limiterA.admit(key, "chat", 600);
        LimitDecision onB = limiterB.decide(key, "chat", 600);
        assertThat(onB.allowed()).isFalse();
        assertThat(onB.headerMap()).containsEntry("x-ratelimit-remaining-tokens", "400");

        onA.complete(100, BigDecimal.ZERO);
        assertThat(limiterA.awaitIdle(WAIT)).isTrue();
        assertThat(limiterB.decide(key, "chat", 600).headerMap()).containsEntry("x-ratelimit-remaining-tokens", "300");
    }

    @Test
    void spendOnBothReplicasAddsUpExactlyAndRejectsOnBoth() {
        VirtualKey key = keysA.create(
                        KeySpec.builder("team-a").budget("1.00", Period.DAY).build())
                .key();

        limiterA.admit(key, "chat", 0).complete(10, new BigDecimal("0.600000000001"));
        limiterB.admit(key, "chat", 0).complete(10, new BigDecimal("0.4"));
        assertThat(limiterA.awaitIdle(WAIT) && limiterB.awaitIdle(WAIT)).isTrue();

        assertThat(limiterA.usage(key).spend()).isEqualByComparingTo("1.000000000001");
        assertThat(limiterA.decide(key, "chat", 0).refusal())
                .get()
                .isInstanceOf(RateLimitedException.class)
                .extracting(e -> ((RateLimitedException) e).code().orElseThrow())
                .isEqualTo("budget_exceeded");
        assertThat(limiterB.decide(key, "chat", 0).allowed()).isFalse();
    }

    @Test
    void concurrentSpendOnBothReplicasLosesNoMicroCent() throws Exception {
        VirtualKey key = keysA.create(
                        KeySpec.builder("team-a").budget("1000", Period.MONTH).build())
                .key();
        BigDecimal each = new BigDecimal("0.000001234567");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Limiter replica = i % 2 == 0 ? limiterA : limiterB;
                calls.add(pool.submit(() -> {
                    go.await();
                    replica.admit(key, "chat", 0).complete(1, each);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : calls) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(limiterA.awaitIdle(WAIT) && limiterB.awaitIdle(WAIT)).isTrue();

        assertThat(limiterB.usage(key).spend()).isEqualByComparingTo(each.multiply(BigDecimal.valueOf(200)));
        assertThat(limiterA.stats().counterFailures() + limiterB.stats().counterFailures())
                .isZero();
    }

    @Test
    void concurrentCallsOnBothReplicasHoldTheirWorstCaseSoTogetherTheyStayWithinTheBudget() throws Exception {
        VirtualKey key = keysA.create(
                        KeySpec.builder("team-a").budget("1.00", Period.DAY).build())
                .key();
        BigDecimal worstCase = new BigDecimal("0.05");
        AtomicInteger admitted = new AtomicInteger();
        List<BigDecimal> charged = java.util.Collections.synchronizedList(new ArrayList<>());

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Limiter replica = i % 2 == 0 ? limiterA : limiterB;
                BigDecimal actual = new BigDecimal("0.01").multiply(BigDecimal.valueOf(i % 5 + 1)); // up to 0.05
                calls.add(pool.submit(() -> {
                    go.await();
                    LimitDecision decision = replica.decide(key, "chat", 0, worstCase);
                    if (decision.allowed()) {
                        admitted.incrementAndGet();
                        charged.add(actual);
                        decision.orThrow().complete(10, actual);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : calls) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(limiterA.awaitIdle(WAIT) && limiterB.awaitIdle(WAIT)).isTrue();

        BigDecimal spent = limiterB.usage(key).spend();
        assertThat(spent).isEqualByComparingTo(charged.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(spent).as("%d calls admitted", admitted.get()).isLessThanOrEqualTo(new BigDecimal("1.00"));
        assertThat(admitted.get()).as("at least the budget over the worst case").isGreaterThanOrEqualTo(20);
        assertThat(limiterA.stats().counterFailures() + limiterB.stats().counterFailures())
                .isZero();
    }

    @Test
    void aBudgetAlertIsSentOncePerWindowAcrossReplicas() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            VirtualKey key = keysA.create(KeySpec.builder("team-a")
                            .alertingBudget("1", Period.DAY, receiver.url())
                            .build())
                    .key();

            limiterA.admit(key, "chat", 0).complete(10, new BigDecimal("1.25"));
            assertThat(limiterA.awaitIdle(WAIT)).isTrue();
            // both replicas keep serving the over-budget key, and both notice it is over budget
            limiterB.admit(key, "chat", 0).complete(10, new BigDecimal("0.5"));
            limiterA.admit(key, "chat", 0).complete(10, new BigDecimal("0.5"));
            assertThat(limiterA.awaitIdle(WAIT) && limiterB.awaitIdle(WAIT)).isTrue();
            assertThat(receiver.bodies()).hasSize(1);
            assertThat(receiver.bodies().getFirst())
                    .contains("\"key_name\":\"team-a\"")
                    .contains("\"spent_usd\":\"1.25\"");

            clock.advance(Duration.ofDays(1));
            limiterB.admit(key, "chat", 0).complete(10, new BigDecimal("2"));
            limiterA.admit(key, "chat", 0).complete(10, new BigDecimal("2"));
            assertThat(limiterA.awaitIdle(WAIT) && limiterB.awaitIdle(WAIT)).isTrue();
            assertThat(receiver.bodies()).hasSize(2);
            assertThat(limiterA.stats().alertsSent() + limiterB.stats().alertsSent())
                    .isEqualTo(2);
        }
    }
}
