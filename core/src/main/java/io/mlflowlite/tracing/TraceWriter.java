package io.mlflowlite.tracing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes traces to a {@link TraceStore} without ever blocking or losing them: {@link #accept} puts a trace on a
 * bounded queue and returns; one writer thread commits the queue in batches. When the queue is full, or the
 * store is unavailable, traces are appended to a local spill file instead, and replayed into the store once it
 * answers again (and at the next start, after a crash). A process killed mid-run loses at most the traces
 * still in the queue — those of the last flush interval plus one store timeout. Thread-safe.
 *
 * <p>The writer thread never waits on the store longer than the {@linkplain Options#storeTimeout store timeout}:
 * store calls run on a second thread, and a batch whose write has not finished by then is spilled at once while
 * the write goes on. Until that call ends and a later replay of the spill file succeeds, the store counts as
 * unavailable and every batch is spilled without waiting. A batch both spilled and written (a slow write that
 * finished after all) is harmless: a store replaces a trace id it already holds, so the replay writes the same
 * trace again. Such a batch counts as spilled (and later replayed), not as written.
 *
 * <p>The writer gathers a batch for up to the flush interval after its first trace (less when the batch fills or
 * someone {@linkplain #flush flushes}): a commit costs the store about the same for one trace as for a hundred, so
 * under steady load it writes a few large batches a second rather than one small batch per trace. It looks at the
 * queue every few milliseconds while gathering instead of waking for every trace.
 *
 * <p>The queue is bounded twice: by traces ({@linkplain Options#queueCapacity queueCapacity}) and by the length of
 * their text ({@linkplain Options#queueChars queueChars}: span inputs, outputs and status messages), so large
 * requests (long documents, images as data URLs) cannot fill the heap while the store lags; a trace that would
 * pass either bound is spilled instead. A batch whose text reaches a quarter of {@code queueChars} is written
 * without waiting for the rest of the flush interval, and the spill file is replayed in batches of at most that
 * much text.
 */
public final class TraceWriter implements TraceSink {
    private static final Logger LOG = Logger.getLogger(TraceWriter.class.getName());
    /** How often the writer looks at the queue while it gathers a batch. */
    private static final long GATHER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * Tuning.
     *
     * @param queueCapacity traces held in memory before new ones spill to disk
     * @param queueChars    characters of span text (inputs, outputs, status messages) held in memory before new
     *                      traces spill to disk
     * @param batchSize     traces per store transaction
     * @param flushInterval the longest a trace waits in memory before it is written
     * @param maxBackoff    the longest wait between attempts to reach an unavailable store
     * @param storeTimeout  the longest the writer waits for one store call (a write, or a replay of the spill
     *                      file) before it spills the batch and treats the store as unavailable; the durability
     *                      window is the flush interval plus this
     */
    public record Options(
            int queueCapacity,
            long queueChars,
            int batchSize,
            Duration flushInterval,
            Duration maxBackoff,
            Duration storeTimeout) {
        /** The default store timeout: with the default 200 ms flush interval, a trace is on disk within 1.2 s. */
        public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(1);

        /**
         * The default bound on queued span text: 16 Mi characters, 16 to 32 MiB of heap (a string keeps a byte per
         * character when all of them are Latin-1, else two), above what a steady load of ordinary calls queues (a
         * flush interval's traces: a few MiB at thousands of calls a second).
         */
        public static final long DEFAULT_QUEUE_CHARS = 16L << 20;

        public static final Options DEFAULT = new Options(10_000, 500, Duration.ofMillis(200), Duration.ofSeconds(30));

        public Options {
            if (queueChars <= 0) {
                throw new IllegalArgumentException(
                        "queueChars must be positive (the span text the writer holds in memory), got " + queueChars);
            }
            if (storeTimeout.isNegative() || storeTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "storeTimeout must be positive (the longest the trace writer waits on the store), got "
                                + storeTimeout);
            }
        }

        /** Options with the {@linkplain #DEFAULT_QUEUE_CHARS default text bound}. */
        public Options(
                int queueCapacity, int batchSize, Duration flushInterval, Duration maxBackoff, Duration storeTimeout) {
            this(queueCapacity, DEFAULT_QUEUE_CHARS, batchSize, flushInterval, maxBackoff, storeTimeout);
        }

        /** Options with the default text bound and {@linkplain #DEFAULT_STORE_TIMEOUT store timeout}. */
        public Options(int queueCapacity, int batchSize, Duration flushInterval, Duration maxBackoff) {
            this(queueCapacity, batchSize, flushInterval, maxBackoff, DEFAULT_STORE_TIMEOUT);
        }
    }

    /** A store call the writer stopped waiting for; it still runs on the store thread. */
    private CompletableFuture<?> abandoned;

    private final TraceStore store;
    private final SpillFile spill;
    private final Options options;
    private final TraceQueue queue;
    private final Thread thread;
    private final ExecutorService storeThread;
    private final Object progress = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong probesRequested = new AtomicLong();
    private final AtomicLong probesDone = new AtomicLong();
    private volatile boolean storeAvailable = true;
    private volatile boolean spillPending;
    private volatile boolean closed;
    /** The last store call timed out: the store is slow or hanging rather than refusing. */
    private volatile boolean slow;
    /**
     * A store call the writer stopped waiting for failed in the end, and the store has not answered since: it
     * refuses, only late (a connection pool waiting out its timeout for a database that is down), so its later
     * timeouts do not make it "slow" either, and a flush does not wait for a replay that cannot come.
     */
    private volatile boolean refusesLate;

    private long nextProbeNanos;
    private Duration backoff = Duration.ofMillis(250);

    public TraceWriter(TraceStore store, Path spillDir, Options options) {
        this.store = store;
        this.spill = new SpillFile(spillDir);
        this.options = options;
        this.queue = new TraceQueue(options.queueCapacity(), options.queueChars());
        this.spillPending = spill.hasPending(); // left by a previous run: replayed first
        this.storeThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("mlflowlite-trace-store").factory());
        this.thread =
                Thread.ofPlatform().daemon().name("mlflowlite-trace-writer").start(this::run);
    }

    /**
     * Queues {@code trace}; spills it to disk when the queue is full (by traces or by text). Never blocks on the
     * store, never throws.
     */
    @Override
    public void accept(Trace trace) {
        accepted.incrementAndGet();
        if (closed || !queue.offer(trace)) {
            spillNow(List.of(trace));
        }
    }

    private void run() {
        List<Trace> batch = new ArrayList<>(options.batchSize());
        while (!closed || !queue.isEmpty()) {
            try {
                // while spilled traces wait to be replayed, write what is queued at once and go back to replaying
                long interval = spillPending && storeAvailable
                        ? 0
                        : options.flushInterval().toNanos();
                Trace first = queue.poll(interval, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch, System.nanoTime() + interval);
                    writeOrSpill(batch);
                    batch.clear();
                }
                long requested = probesRequested.get();
                boolean probed = true;
                if (spillPending && (probeDue() || requested > probesDone.get())) {
                    probed = replaySpill();
                }
                if (probed && requested > probesDone.get()) {
                    probesDone.set(requested);
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    queue.drainTo(batch, Integer.MAX_VALUE);
                    writeOrSpill(batch);
                    return;
                }
            } catch (RuntimeException | Error unexpected) {
                LOG.log(Level.SEVERE, "Trace writer step failed; continuing", unexpected);
                spillNow(batch);
                batch.clear();
            }
        }
    }

    /**
     * Adds queued traces to {@code batch} (which holds the first one taken) until it is full (by traces, or by a
     * quarter of the queue's text), {@code until} passes, or a flush or close asks.
     */
    private void gather(List<Trace> batch, long until) {
        long chars = batch.getFirst().textLength() + queue.drainTo(batch, options.batchSize() - batch.size());
        while (batch.size() < options.batchSize()
                && chars < options.queueChars() / 4
                && !closed
                && probesRequested.get() <= probesDone.get()) {
            long left = until - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(left, GATHER_STEP_NANOS));
            chars += queue.drainTo(batch, options.batchSize() - batch.size());
        }
    }

    private void writeOrSpill(List<Trace> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (storeBusy() || (!storeAvailable && !probeDue())) {
            spillNow(batch);
            return;
        }
        List<Trace> traces = List.copyOf(batch);
        try {
            callStore(() -> store.write(traces));
            written.addAndGet(traces.size());
            settle(traces.size());
            markAvailable();
        } catch (RuntimeException e) {
            markUnavailable(e);
            spillNow(batch);
        }
    }

    /**
     * Offers the next batch of the spill file to the store, as a store call of its own (so a long backlog never
     * makes one call outlast the store timeout, and queued traces are written between its batches); false when an
     * earlier store call still runs, so nothing was tried.
     */
    private boolean replaySpill() {
        if (storeBusy()) {
            return false; // the store has not yet answered an earlier call: try again at the next probe
        }
        try {
            spill.replayBatch(
                    options.batchSize(),
                    options.queueChars() / 4,
                    traces -> {
                        callStore(() -> store.write(traces));
                        replayed.addAndGet(traces.size());
                    },
                    dropped::addAndGet);
            markAvailable(); // before spillPending clears: a flush that sees the backlog gone sees the store up
            spillPending = spill.hasPending();
            if (!spillPending) {
                LOG.info(() -> "Replayed the spilled traces into " + store.describe() + " (" + replayed.get()
                        + " since start)");
            }
        } catch (IOException e) {
            markUnavailable(new TraceStoreException("Could not replay the spill file in " + spill.dir(), e));
        } catch (RuntimeException e) {
            markUnavailable(e);
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
        return true;
    }

    /** Whether a store call the writer stopped waiting for is still running. */
    private boolean storeBusy() {
        if (abandoned != null && abandoned.isDone()) {
            if (abandoned.isCompletedExceptionally()) {
                refusesLate = true;
                slow = false;
            }
            abandoned = null;
        }
        return abandoned != null;
    }

    private void callStore(Runnable call) {
        callStore(() -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs {@code call} on the store thread and waits for it up to the store timeout. When it takes longer, the
     * call is left running (and remembered, so no other store call starts before it ends) and this throws.
     */
    private <T> T callStore(Supplier<T> call) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(call, storeThread);
        try {
            T result = future.get(options.storeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            slow = false;
            return result;
        } catch (ExecutionException e) {
            slow = false;
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new TraceStoreException("Trace store call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            abandoned = future;
            slow = !refusesLate;
            throw new TraceStoreException(
                    "the trace store did not answer within "
                            + options.storeTimeout().toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the run loop sees the interrupt next
            abandoned = future;
            throw new TraceStoreException("interrupted while waiting for the trace store", e);
        }
    }

    private void spillNow(List<Trace> traces) {
        if (traces.isEmpty()) {
            return;
        }
        try {
            spill.append(traces);
            spilled.addAndGet(traces.size());
            spillPending = true;
        } catch (IOException | RuntimeException e) {
            dropped.addAndGet(traces.size());
            LOG.log(
                    Level.SEVERE,
                    "Could not spill " + traces.size() + " traces to " + spill.dir() + "; they are lost",
                    e);
        }
        settle(traces.size());
    }

    private void settle(int count) {
        settled.addAndGet(count);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private boolean probeDue() {
        return storeAvailable || System.nanoTime() - nextProbeNanos >= 0;
    }

    private void markAvailable() {
        boolean wasAvailable = storeAvailable;
        storeAvailable = true;
        refusesLate = false;
        if (!wasAvailable) {
            LOG.info(() -> "Trace store " + store.describe() + " is available again");
        }
        backoff = Duration.ofMillis(250);
    }

    private void markUnavailable(Exception e) {
        if (storeAvailable) {
            LOG.log(
                    Level.WARNING,
                    "Trace store " + store.describe() + " is unavailable; spilling traces to " + spill.dir()
                            + " until it answers: " + e.getMessage());
        }
        storeAvailable = false;
        nextProbeNanos = System.nanoTime() + backoff.toNanos();
        backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0
                ? options.maxBackoff()
                : backoff.multipliedBy(2);
    }

    /**
     * Blocks until every trace accepted so far is written or spilled, and spilled traces were offered to the
     * store once more (replayed if it answers) — and, while the store only answers slowly (its last call timed out
     * rather than failed, and no call it timed out on has failed since it last answered), until they are replayed;
     * or until {@code timeout} passes.
     */
    @Override
    public void flush(Duration timeout) {
        flush(timeout, true);
    }

    private void flush(Duration timeout, boolean untilReplayedWhenSlow) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = accepted.get();
        long probe = probesRequested.incrementAndGet();
        LockSupport.unpark(thread); // stop gathering: write what is queued now
        synchronized (progress) {
            while (settled.get() < target
                    || (!closed && spillPending && probesDone.get() < probe)
                    || (!closed && spillPending && storeAvailable)
                    || (!closed && spillPending && slow && untilReplayedWhenSlow)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    progress.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public TraceWriterStats stats() {
        return new TraceWriterStats(
                queue.size(),
                accepted.get(),
                written.get(),
                spilled.get(),
                replayed.get(),
                dropped.get(),
                storeAvailable);
    }

    /** Writes (or spills) everything queued, stops the writer thread, and closes the spill file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush(Duration.ofSeconds(10), false); // a hanging store does not hold the shutdown: its traces are on disk
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storeThread.shutdown(); // a call still hanging on the store ends with the JVM (daemon thread)
        spill.close();
    }
}
