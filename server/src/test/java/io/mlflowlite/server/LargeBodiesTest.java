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
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return bodies.enter(body(MIB));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
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
}
