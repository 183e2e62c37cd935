package io.mlflowlite.tracing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes traces to a {@link TraceStore} without ever blocking or losing them: {@link #accept} puts a trace on a
 * bounded queue and returns; one writer thread commits the queue in batches. When the queue is full, or the
 * store is unavailable, traces are appended to a local spill file instead, and replayed into the store once it
 * answers again (and at the next start, after a crash). A process killed mid-run loses at most the traces
 * still in the queue — those of the last flush interval. Thread-safe.
 *
 * <p>The durability promise: a trace is in the store or in the spill file (written, not necessarily synced)
 * within the flush interval plus {@link #STORE_WRITE_BUDGET} of being accepted. A store write that takes longer
 * (a database gone away, so the pool waits for a connection) does not hold the traces in memory meanwhile: the
 * batch is spilled at once, and so is every batch while that write (or a replay) still runs; its outcome, when
 * it ends, says whether the store is available. Should the slow write succeed, the replay stores the same
 * traces again, which stores treat as a replacement. Replays run on the store's thread without a budget (what
 * they write is on disk already), so a slow store still catches up.
 *
 * <p>The writer gathers a batch for up to the flush interval after its first trace (less when the batch fills or
 * someone {@linkplain #flush flushes}): a commit costs the store about the same for one trace as for a hundred, so
 * under steady load it writes a few large batches a second rather than one small batch per trace. It looks at the
 * queue every few milliseconds while gathering instead of waking for every trace.
 */
public final class TraceWriter implements TraceSink {
    private static final Logger LOG = Logger.getLogger(TraceWriter.class.getName());
    /** How often the writer looks at the queue while it gathers a batch. */
    private static final long GATHER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The longest the writer waits for one store write before it spills the batch instead. */
    public static final Duration STORE_WRITE_BUDGET = Duration.ofSeconds(1);

    /**
     * Tuning.
     *
     * @param queueCapacity traces held in memory before new ones spill to disk
     * @param batchSize     traces per store transaction
     * @param flushInterval the longest a trace waits in memory before it is written
     * @param maxBackoff    the longest wait between attempts to reach an unavailable store
     */
    public record Options(int queueCapacity, int batchSize, Duration flushInterval, Duration maxBackoff) {
        public static final Options DEFAULT = new Options(10_000, 500, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    private final TraceStore store;
    private final SpillFile spill;
    private final Options options;
    private final BlockingQueue<Trace> queue;
    private final Thread thread;
    /** Runs store writes, so the writer can stop waiting for one (it cannot abort it) and spill instead. */
    private final java.util.concurrent.ExecutorService storeCalls = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("mlflowlite-trace-store").unstarted(r));
    private final Object progress = new Object();
    /** The last store write or replay (the writer thread's only). */
    private java.util.concurrent.Future<?> lastWrite;
    /** Whether the writer stopped waiting for {@link #lastWrite} and judges its outcome when it ends. */
    private boolean watched;
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
    private long nextProbeNanos;
    private Duration backoff = Duration.ofMillis(250);

    public TraceWriter(TraceStore store, Path spillDir, Options options) {
        this.store = store;
        this.spill = new SpillFile(spillDir);
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.spillPending = spill.hasPending(); // left by a previous run: replayed first
        this.thread = Thread.ofPlatform().daemon().name("mlflowlite-trace-writer").start(this::run);
    }

    /** Queues {@code trace}; spills it to disk when the queue is full. Never blocks on the store, never throws. */
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
                settleStoreCall();
                Trace first = queue.poll(options.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch, System.nanoTime() + options.flushInterval().toNanos());
                    writeOrSpill(batch);
                    batch.clear();
                }
                long requested = probesRequested.get();
                if (spillPending && (probeDue() || requested > probesDone.get())) {
                    replaySpill();
                }
                if (requested > probesDone.get() && !storeBusy()) {
                    settleStoreCall(); // a replay the probe started has ended: its outcome first, then the probe
                    probesDone.set(requested);
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    queue.drainTo(batch);
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

    /** Adds queued traces to {@code batch} until it is full, {@code until} passes, or a flush or close asks. */
    private void gather(List<Trace> batch, long until) {
        queue.drainTo(batch, options.batchSize() - batch.size());
        while (batch.size() < options.batchSize() && !closed && probesRequested.get() <= probesDone.get()) {
            long left = until - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(left, GATHER_STEP_NANOS));
            queue.drainTo(batch, options.batchSize() - batch.size());
        }
    }

    private void writeOrSpill(List<Trace> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (!storeAvailable && !probeDue() || storeBusy()) {
            // a down store, or one still busy with an earlier write or a replay: the batch goes to disk at once
            spillNow(batch);
            return;
        }
        try {
            writeWithinBudget(batch);
            written.addAndGet(batch.size());
            settle(batch.size());
            markAvailable();
        } catch (OverrunException e) {
            // the write goes on; its outcome is judged when it ends (settleStoreCall), the batch is safe on disk
            spillNow(batch);
        } catch (RuntimeException e) {
            markUnavailable(e);
            spillNow(batch);
        }
    }

    /**
     * Replays the spill file on the store's thread, so the writer stays free to spill new traces at once while a
     * long replay runs; its outcome is judged when it ends. The spilled traces are on disk already, so the replay
     * itself has no time budget.
     */
    private void replaySpill() {
        if (storeBusy()) {
            return;
        }
        lastWrite = storeCalls.submit(() -> {
            try {
                long n = spill.replay(options.batchSize(), traces -> {
                    store.write(traces);
                    replayed.addAndGet(traces.size());
                }, dropped::addAndGet);
                if (n > 0) {
                    LOG.info(() -> "Replayed " + n + " spilled traces into " + store.describe());
                }
                if (!storeAvailable) {
                    LOG.info(() -> "Trace store " + store.describe() + " is available again");
                }
                storeAvailable = true; // before waking flush(): the store answered (backoff resets at the settle)
                return null;
            } finally {
                spillPending = spill.hasPending();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        });
        watched = true;
    }

    private boolean storeBusy() {
        return lastWrite != null && !lastWrite.isDone();
    }

    /** Judges the store by a write or replay the writer stopped waiting for, once it ended. */
    private void settleStoreCall() {
        if (!watched || storeBusy()) {
            return;
        }
        watched = false;
        try {
            lastWrite.get();
            markAvailable();
        } catch (java.util.concurrent.ExecutionException e) {
            markUnavailable(e.getCause() instanceof Exception cause ? cause : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** A store write still running after its budget. */
    private static final class OverrunException extends RuntimeException {
        OverrunException(String message) {
            super(message, null, false, false);
        }
    }

    /** Writes {@code traces} to the store, or throws when that fails or takes longer than the budget. */
    private void writeWithinBudget(List<Trace> traces) {
        List<Trace> copy = List.copyOf(traces); // the caller clears its batch while a slow write may still read it
        java.util.concurrent.Future<?> write = storeCalls.submit(() -> store.write(copy));
        lastWrite = write;
        try {
            write.get(STORE_WRITE_BUDGET.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            watched = true;
            throw new OverrunException("the store did not finish a write within " + STORE_WRITE_BUDGET.toMillis()
                    + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("Writing traces failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the caller spills, and the run loop sees the close
            throw new IllegalStateException("Interrupted while writing traces", e);
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
            LOG.log(Level.SEVERE, "Could not spill " + traces.size() + " traces to " + spill.dir()
                    + "; they are lost", e);
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
        if (!storeAvailable) {
            LOG.info(() -> "Trace store " + store.describe() + " is available again");
        }
        storeAvailable = true;
        backoff = Duration.ofMillis(250);
    }

    private void markUnavailable(Exception e) {
        if (storeAvailable) {
            LOG.log(Level.WARNING, "Trace store " + store.describe() + " is unavailable; spilling traces to "
                    + spill.dir() + " until it answers: " + e.getMessage());
        }
        storeAvailable = false;
        nextProbeNanos = System.nanoTime() + backoff.toNanos();
        backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff()
                : backoff.multipliedBy(2);
    }

    /**
     * Blocks until every trace accepted so far is written or spilled, and spilled traces were offered to the
     * store once more (replayed if it answers); or until {@code timeout} passes.
     */
    @Override
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = accepted.get();
        long probe = probesRequested.incrementAndGet();
        LockSupport.unpark(thread); // stop gathering: write what is queued now
        synchronized (progress) {
            while (settled.get() < target || (!closed && spillPending && probesDone.get() < probe)
                    || (!closed && spillPending && storeAvailable)) {
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
        return new TraceWriterStats(queue.size(), accepted.get(), written.get(), spilled.get(), replayed.get(),
                dropped.get(), storeAvailable);
    }

    /** Writes (or spills) everything queued, stops the writer thread, and closes the spill file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush(Duration.ofSeconds(10));
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storeCalls.shutdown();
        spill.close();
    }
}
