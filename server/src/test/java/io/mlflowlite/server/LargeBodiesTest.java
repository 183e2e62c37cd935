package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LargeBodiesTest {
    private static final long MIB = 1L << 20;

    private static MemoryExchange body(long bytes) {
        return new MemoryExchange("/v1/chat/completions", null, new byte[(int) bytes]);
    }

    @Test
    void smallBodiesPassWithoutHoldingAnything() throws InterruptedException {
        LargeBodies bodies = new LargeBodies(2 * MIB, 10 * MIB, Duration.ofMillis(100));
        for (int i = 0; i < 100; i++) {
            assertThat(bodies.enter(body(MIB - 1))).isZero();
        }
        assertThat(bodies.enter(body(11 * MIB)))
                .as("over the body limit: refused with 413 when read")
                .isZero();
    }

    @Test
    void aLargeBodyThatDoesNotFitWaitsAndIsRefusedWith503WhenNoRoomComes() throws InterruptedException {
        LargeBodies bodies = new LargeBodies(2 * MIB, 10 * MIB, Duration.ofMillis(200));
        int first = bodies.enter(body(3 * MIB / 2));
        assertThat(first).isEqualTo(1536);

        long start = System.nanoTime();
        assertThatThrownBy(() -> bodies.enter(body(3 * MIB / 2))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().status()).isEqualTo(503);
            assertThat(e.error().code()).isEqualTo("server_busy");
            assertThat(e.error().headers()).containsEntry("retry-after", "1");
            assertThat(e.error().message()).contains("2 MiB of large request bodies", "-Xmx");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        bodies.leave(first);
        bodies.leave(bodies.enter(body(3 * MIB / 2)));
    }

    @Test
    void aWaitingBodyEntersOnceAnotherLeaves() throws Exception {
        LargeBodies bodies = new LargeBodies(2 * MIB, 10 * MIB, Duration.ofSeconds(30));
        int first = bodies.enter(body(2 * MIB));
        var waiting = enterLater(bodies, MIB);
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        bodies.leave(first);
        assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1024);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetTakesAllOfIt() throws InterruptedException {
        LargeBodies bodies = new LargeBodies(2 * MIB, 10 * MIB, Duration.ofMillis(100));
        int held = bodies.enter(body(8 * MIB));
        assertThat(held).isEqualTo(2048);
        assertThatThrownBy(() -> bodies.enter(body(MIB))).isInstanceOf(ApiException.class);
        bodies.leave(held);
    }

    @Test
    void aWaitingLargeBodyIsNotOvertakenByASmallerOneThatWouldFit() throws Exception {
        LargeBodies bodies = new LargeBodies(2 * MIB, 10 * MIB, Duration.ofMillis(1500));
        int first = bodies.enter(body(MIB));
        var whole = enterLater(bodies, 2 * MIB); // waits for the first to leave
        Thread.sleep(300);
        var smaller = enterLater(bodies, MIB); // 1 MiB is free, but the 2 MiB body waits before it
        Thread.sleep(300);
        assertThat(smaller).isNotDone();

        bodies.leave(first);
        assertThat(whole.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2048);
        assertThat(smaller)
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ApiException.class);
    }

    /** Enters on a thread of its own (the common pool may have a single one on a small machine). */
    private static java.util.concurrent.CompletableFuture<Integer> enterLater(LargeBodies bodies, long bytes) {
        return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return bodies.enter(body(bytes));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                runnable -> Thread.ofVirtual().start(runnable));
    }
}
