package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceWriterTest {
    @TempDir
    Path spillDir;

    /** A store that can be switched off, like a database that goes away and comes back. */
    static final class SwitchableStore extends ForwardingStore {
        final AtomicBoolean down = new AtomicBoolean();

        SwitchableStore() {
            super(new InMemoryTraceStore(100_000));
        }

        @Override
        public void write(List<Trace> traces) {
            if (down.get()) {
                throw new TraceStoreException("connection refused");
            }
            super.write(traces);
        }
    }

    static Trace trace(int i) {
        String id = String.format("tr-%032x", i);
        Span root = Span.builder()
                .traceId(id)
                .spanId(String.format("%016x", i + 1))
                .parentId(null)
                .name("chat")
                .type(SpanType.CHAT_MODEL)
                .startNanos(1)
                .endNanos(2)
                .status(SpanStatus.OK)
                .statusMessage(null)
                .inputs(null)
                .outputs(null)
                .attributes(Map.of("gen_ai.usage.input_tokens", 3L))
                .events(List.of())
                .build();
        TraceInfo info = TraceInfo.builder()
                .traceId(id)
                .experiment("e")
                .startTime(Instant.ofEpochSecond(1_800_000_000L + i))
                .duration(Duration.ofMillis(5))
                .state(TraceState.OK)
                .requestPreview("q" + i)
                .responsePreview("a" + i)
                .model("mock/mini")
                .inputTokens(3)
                .outputTokens(4)
                .cost(new BigDecimal("0.000123"))
                .user(null)
                .session(null)
                .tags(Map.of())
                .metadata(Map.of())
                .build();
        return new Trace(info, List.of(root));
    }

    private static TraceWriter.Options fast(int queue) {
        return new TraceWriter.Options(queue, 100, Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @Test
    void writesInBatchesFromItsOwnThread() {
        SwitchableStore store = new SwitchableStore();
        try (TraceWriter writer = new TraceWriter(store, spillDir, fast(1000))) {
            for (int i = 0; i < 500; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(10));

            assertThat(store.count()).isEqualTo(500);
            assertThat(writer.stats().written()).isEqualTo(500);
            assertThat(writer.stats().spilled()).isZero();
        }
    }

    /** A store that records the size of every batch it is given. */
    static final class BatchRecordingStore extends ForwardingStore {
        final List<Integer> batches = java.util.Collections.synchronizedList(new ArrayList<>());

        BatchRecordingStore() {
            super(new InMemoryTraceStore(100_000));
        }

        @Override
        public void write(List<Trace> traces) {
            batches.add(traces.size());
            super.write(traces);
        }
    }

    @Test
    void gathersTracesIntoOneBatchUntilAFlushAsksForThem() {
        BatchRecordingStore store = new BatchRecordingStore();
        // an interval no test outlives: only the flush can end the gathering
        try (TraceWriter writer = new TraceWriter(
                store, spillDir, new TraceWriter.Options(1000, 100, Duration.ofHours(1), Duration.ofMillis(50)))) {
            for (int i = 0; i < 7; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(10));

            assertThat(store.batches).containsExactly(7);
            assertThat(store.count()).isEqualTo(7);
        }
    }

    @Test
    void writesAFullBatchWithoutWaitingForTheInterval() {
        BatchRecordingStore store = new BatchRecordingStore();
        try (TraceWriter writer = new TraceWriter(
                store, spillDir, new TraceWriter.Options(1000, 5, Duration.ofHours(1), Duration.ofMillis(50)))) {
            for (int i = 0; i < 10; i++) {
                writer.accept(trace(i));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (writer.stats().written() < 10 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // awaiting the writer's own thread
            }

            assertThat(writer.stats().written()).isEqualTo(10);
            assertThat(store.batches).containsExactly(5, 5);
        }
    }

    /** {@link #trace(int)} whose root span's inputs are a string of {@code chars} characters (JSON: two more). */
    static Trace trace(int i, int chars) {
        Trace small = trace(i);
        Span root = small.spans().getFirst().toBuilder()
                .inputs(com.fasterxml.jackson.databind.node.TextNode.valueOf("x".repeat(chars)))
                .build();
        return new Trace(small.info(), List.of(root));
    }

    /** A store whose writes wait until {@link #open} is counted down. */
    static final class GatedStore extends ForwardingStore {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        GatedStore() {
            super(new InMemoryTraceStore(100_000));
        }

        @Override
        public void write(List<Trace> traces) {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceStoreException("interrupted");
            }
            super.write(traces);
        }
    }

    @Test
    void spillsATraceWhoseTextWouldPassTheQueuesBoundAndStoresItLater() throws InterruptedException {
        GatedStore store = new GatedStore();
        // 1,000 characters of span text may wait in memory; the store call may take a minute
        TraceWriter.Options options = new TraceWriter.Options(
                1000, 1000, 1, Duration.ofHours(1), Duration.ofMillis(50), Duration.ofMinutes(1));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            writer.accept(trace(0));
            assertThat(store.entered.await(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the writer is in its first store call")
                    .isTrue();

            writer.accept(trace(1, 600)); // 602 characters queued
            assertThat(writer.stats().spilled()).isZero();
            writer.accept(trace(2, 600)); // 1,204 would pass the bound: spilled on the spot
            assertThat(writer.stats().spilled()).isEqualTo(1);
            assertThat(writer.stats().queued()).isEqualTo(1);
            writer.accept(trace(3)); // no text: still fits
            assertThat(writer.stats().queued()).isEqualTo(2);

            store.open.countDown();
            writer.flush(Duration.ofSeconds(30));
            assertThat(store.count()).isEqualTo(4);
            assertThat(writer.stats().replayed()).isEqualTo(1);
            assertThat(writer.stats().dropped()).isZero();
        }
    }

    @Test
    void writesABatchOnceItsTextReachesAQuarterOfTheBound() {
        BatchRecordingStore store = new BatchRecordingStore();
        // an interval no test outlives: only the text bound can end the gathering
        TraceWriter.Options options = new TraceWriter.Options(
                1000, 4000, 100, Duration.ofHours(1), Duration.ofMillis(50), Duration.ofSeconds(1));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            for (int i = 0; i < 3; i++) {
                writer.accept(trace(i, 400));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (writer.stats().written() < 3 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // awaiting the writer's own thread
            }

            assertThat(writer.stats().written()).isEqualTo(3);
            assertThat(writer.stats().spilled()).isZero();
        }
    }

    @Test
    void replaysLargeSpilledTracesAFewAtATime() {
        AtomicBoolean down = new AtomicBoolean(true);
        List<Integer> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        ForwardingStore store = new ForwardingStore(new InMemoryTraceStore(100_000)) {
            @Override
            public void write(List<Trace> traces) {
                if (down.get()) {
                    throw new TraceStoreException("connection refused");
                }
                super.write(traces);
                batches.add(traces.size());
            }
        };
        // replayed in batches of up to 100 traces or 2,000 characters: here two traces of 1,000 characters
        TraceWriter.Options options = new TraceWriter.Options(
                1000, 8000, 100, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            for (int i = 0; i < 20; i++) {
                writer.accept(trace(i, 1000));
            }
            writer.flush(Duration.ofSeconds(10));
            assertThat(writer.stats().spilled()).isEqualTo(20);

            down.set(false);
            writer.flush(Duration.ofSeconds(30));

            assertThat(store.count()).isEqualTo(20);
            assertThat(writer.stats().replayed()).isEqualTo(20);
            assertThat(batches)
                    .hasSizeGreaterThanOrEqualTo(10)
                    .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(2));
        }
    }

    @Test
    void spillsWhileTheStoreIsDownAndReplaysWhenItIsBack() {
        SwitchableStore store = new SwitchableStore();
        try (TraceWriter writer = new TraceWriter(store, spillDir, fast(1000))) {
            for (int i = 0; i < 100; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(10));
            store.down.set(true);
            for (int i = 100; i < 300; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(10));
            assertThat(writer.stats().storeAvailable()).isFalse();
            assertThat(writer.stats().spilled()).isEqualTo(200);
            assertThat(store.count()).isEqualTo(100);

            store.down.set(false);
            for (int i = 300; i < 350; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(10));

            assertThat(store.count()).isEqualTo(350);
            TraceWriterStats stats = writer.stats();
            assertThat(stats.replayed()).isEqualTo(stats.spilled()).isGreaterThanOrEqualTo(200);
            assertThat(stats.written() + stats.replayed()).isEqualTo(350);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.storeAvailable()).isTrue();
        }
    }

    @Test
    void aFullQueueSpillsInsteadOfBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ForwardingStore blocked = new ForwardingStore(new InMemoryTraceStore(10_000)) {
            @Override
            public void write(List<Trace> traces) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(traces);
            }
        };
        try (TraceWriter writer = new TraceWriter(blocked, spillDir, fast(10))) {
            for (int i = 0; i < 200; i++) {
                writer.accept(trace(i)); // returns although the store is stuck
            }
            assertThat(writer.stats().spilled()).isGreaterThanOrEqualTo(200 - 10 - 100);
            release.countDown();
            writer.flush(Duration.ofSeconds(10));

            assertThat(blocked.count()).isEqualTo(200);
        }
    }

    @Test
    void aFlushWaitsOutAStoreThatIsOnlySlowUntilItsSpilledTracesAreReplayed() {
        SlowStore store = new SlowStore(2, Duration.ofMillis(300)); // the write and the first replay time out
        TraceWriter.Options options = new TraceWriter.Options(
                1000, 100, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(100));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            for (int i = 0; i < 100; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(30));

            assertThat(store.count()).isEqualTo(100);
            TraceWriterStats after = writer.stats();
            assertThat(after.spilled()).isEqualTo(100);
            assertThat(after.replayed()).isEqualTo(100);
            assertThat(after.storeAvailable()).isTrue();
        }
    }

    @Test
    void aFlushDoesNotWaitForAReplayWhenTheStoreRefusesOnlyAfterTheStoreTimeout() {
        // like a connection pool that waits out its timeout for a database that is down, then fails
        LateRefusingStore store = new LateRefusingStore(Duration.ofMillis(300));
        TraceWriter.Options options = new TraceWriter.Options(
                1000, 100, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(100));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            for (int i = 0; i < 100; i++) {
                writer.accept(trace(i));
            }
            long start = System.nanoTime();
            writer.flush(Duration.ofSeconds(60));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // not the whole minute: once a call it gave up on failed, the writer knows the store refuses
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            TraceWriterStats down = writer.stats();
            assertThat(down.spilled()).isEqualTo(100);
            assertThat(down.storeAvailable()).isFalse();

            store.refusing.set(false); // the database is back: the next flush replays everything
            writer.flush(Duration.ofSeconds(30));
            assertThat(store.count()).isEqualTo(100);
            assertThat(writer.stats().replayed()).isEqualTo(100);
        }
    }

    /** A store whose writes, while {@code refusing}, fail after {@code delay}. */
    static final class LateRefusingStore extends ForwardingStore {
        final AtomicBoolean refusing = new AtomicBoolean(true);
        private final Duration delay;

        LateRefusingStore(Duration delay) {
            super(new InMemoryTraceStore(100_000));
            this.delay = delay;
        }

        @Override
        public void write(List<Trace> traces) {
            if (refusing.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(delay.toNanos());
                throw new TraceStoreException("Connection is not available, request timed out");
            }
            super.write(traces);
        }
    }

    /** A store whose first {@code slowCalls} writes take {@code delay}, like a database on an overloaded machine. */
    static final class SlowStore extends ForwardingStore {
        private final AtomicInteger slowCalls;
        private final Duration delay;

        SlowStore(int slowCalls, Duration delay) {
            super(new InMemoryTraceStore(100_000));
            this.slowCalls = new AtomicInteger(slowCalls);
            this.delay = delay;
        }

        @Override
        public void write(List<Trace> traces) {
            if (slowCalls.getAndDecrement() > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(delay.toNanos());
            }
            super.write(traces);
        }
    }

    /** A store whose writes hang until released, like a database whose pool waits for a connection. */
    static final class HangingStore extends ForwardingStore {
        final AtomicBoolean hanging = new AtomicBoolean();
        final CountDownLatch release = new CountDownLatch(1);

        HangingStore() {
            super(new InMemoryTraceStore(100_000));
        }

        @Override
        public void write(List<Trace> traces) {
            if (hanging.get()) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TraceStoreException("interrupted");
                }
            }
            super.write(traces);
        }
    }

    @Test
    void aHangingStoreDoesNotHoldTracesInMemoryTheyAreSpilledAndReplayedOnceItAnswers() {
        HangingStore store = new HangingStore();
        TraceWriter.Options options = new TraceWriter.Options(
                1000, 100, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            for (int i = 0; i < 100; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(10));
            assertThat(writer.stats().written()).isEqualTo(100);

            store.hanging.set(true);
            for (int i = 100; i < 400; i++) {
                writer.accept(trace(i));
            }
            // the store never answers while hanging: every trace being on disk proves nobody waited for it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (writer.stats().spilled() < 300 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // awaiting the writer's own thread
            }
            TraceWriterStats down = writer.stats();
            assertThat(down.spilled()).isEqualTo(300);
            assertThat(down.queued()).isZero();
            assertThat(down.storeAvailable()).isFalse();
            assertThat(store.count()).isEqualTo(100);

            store.hanging.set(false);
            store.release.countDown(); // the hung write finishes late: its traces were spilled too, no harm
            for (int i = 400; i < 450; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(30));

            assertThat(store.count()).isEqualTo(450);
            TraceWriterStats after = writer.stats();
            assertThat(after.dropped()).isZero();
            assertThat(after.replayed()).isEqualTo(after.spilled());
            assertThat(after.written() + after.replayed()).isEqualTo(450);
            assertThat(after.storeAvailable()).isTrue();
        }
    }

    @Test
    void aBacklogLongerThanOneStoreCallIsReplayedABatchAtATimeWhileNewTracesAreWrittenDirectly() throws Exception {
        Files.createDirectories(spillDir);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append(TraceJson.toJson(trace(i))).append('\n');
        }
        Files.writeString(spillDir.resolve("spill.jsonl"), lines, StandardCharsets.UTF_8);
        // 20 batches of 10 take 1.2 s, more than the store timeout: replayed in one store call they would time out,
        // leave the store "unavailable" and spill every new trace too
        SlowStore store = new SlowStore(Integer.MAX_VALUE, Duration.ofMillis(60));
        TraceWriter.Options options =
                new TraceWriter.Options(1000, 10, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1));
        try (TraceWriter writer = new TraceWriter(store, spillDir, options)) {
            for (int i = 200; i < 250; i++) {
                writer.accept(trace(i));
            }
            writer.flush(Duration.ofSeconds(30));

            TraceWriterStats stats = writer.stats();
            assertThat(store.count()).isEqualTo(250);
            assertThat(stats.replayed()).isEqualTo(200);
            assertThat(stats.written()).isEqualTo(50);
            assertThat(stats.spilled()).isZero();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.storeAvailable()).isTrue();
        }
    }

    @Test
    void aSpillFileLeftByACrashIsReplayedAtStartSkippingTheCutLine() throws Exception {
        Files.createDirectories(spillDir);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(TraceJson.toJson(trace(i))).append('\n');
        }
        String cut = TraceJson.toJson(trace(3)).toString();
        lines.append(cut, 0, cut.length() / 2); // the process died mid-line
        Files.writeString(spillDir.resolve("spill.jsonl"), lines, StandardCharsets.UTF_8);

        SwitchableStore store = new SwitchableStore();
        try (TraceWriter writer = new TraceWriter(store, spillDir, fast(100))) {
            writer.flush(Duration.ofSeconds(10));

            assertThat(store.count()).isEqualTo(3);
            assertThat(writer.stats().replayed()).isEqualTo(3);
            assertThat(writer.stats().dropped()).isEqualTo(1);
        }
        try (var files = Files.list(spillDir)) {
            assertThat(files.filter(f -> {
                                try {
                                    return Files.size(f) > 0;
                                } catch (java.io.IOException e) {
                                    return true;
                                }
                            })
                            .toList())
                    .isEmpty();
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndTracesAcceptedAfterwardsAreSpilledNotLost() {
        SwitchableStore store = new SwitchableStore();
        TraceWriter writer = new TraceWriter(
                store, spillDir, new TraceWriter.Options(1000, 100, Duration.ofSeconds(5), Duration.ofMillis(50)));
        for (int i = 0; i < 50; i++) {
            writer.accept(trace(i));
        }
        writer.close();
        writer.accept(trace(99));

        assertThat(store.count()).isEqualTo(50);
        assertThat(writer.stats().spilled()).isEqualTo(1);
        try (TraceWriter next = new TraceWriter(store, spillDir, fast(10))) {
            next.flush(Duration.ofSeconds(10));
        }
        assertThat(store.count()).isEqualTo(51);
    }

    @Test
    void concurrentCallersLoseNothing() throws Exception {
        SwitchableStore store = new SwitchableStore();
        try (TraceWriter writer = new TraceWriter(store, spillDir, fast(50))) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 1000; i++) {
                        writer.accept(trace(base + i));
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            writer.flush(Duration.ofSeconds(20));

            assertThat(store.count()).isEqualTo(8000);
            TraceWriterStats stats = writer.stats();
            assertThat(stats.written() + stats.replayed()).isEqualTo(8000);
        }
    }
}
