package io.mlflowlite.tracing;

import static io.mlflowlite.tracing.TraceWriterTest.trace;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise when the store hangs instead of failing (a database gone away, the pool waiting for a
 * connection): the traces reach the spill file within the write budget, not when the store finally gives up.
 */
class TraceWriterDurabilityTest {
    @TempDir
    Path spillDir;

    /** A store whose writes block until released, as a pool waiting for a connection does. */
    static final class HangingStore extends ForwardingStore {
        final CountDownLatch released = new CountDownLatch(1);

        HangingStore() {
            super(new InMemoryTraceStore(1000));
        }

        @Override
        public void write(List<Trace> traces) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceStoreException("interrupted");
            }
            super.write(traces);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void tracesAreSpilledWhileAStoreWriteHangsAndStoredOnceItAnswers() {
        HangingStore store = new HangingStore();
        try (TraceWriter writer = new TraceWriter(store, spillDir,
                new TraceWriter.Options(1000, 100, Duration.ofMillis(10), Duration.ofMillis(50)))) {
            for (int i = 0; i < 10; i++) {
                writer.accept(trace(i));
            }
            await("the batch to be spilled while the store still hangs", () -> writer.stats().spilled() == 10);
            for (int i = 10; i < 15; i++) {
                writer.accept(trace(i));
            }
            await("later traces to be spilled at once too", () -> writer.stats().spilled() == 15);
            assertThat(store.released.getCount()).as("the store never answered meanwhile").isEqualTo(1);

            store.released.countDown();
            await("the spilled traces to be replayed", () -> store.count() == 15);

            assertThat(writer.stats().dropped()).isZero();
        }
    }
}
