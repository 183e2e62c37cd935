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
 * <p>The writer gathers a batch for up to the flush interval after its first trace (less when the batch fills or
 * someone {@linkplain #flush flushes}): a commit costs the store about the same for one trace as for a hundred, so
 * under steady load it writes a few large batches a second rather than one small batch per trace. It looks at the
 * queue every few milliseconds while gathering instead of waking for every trace.
 */
public final class TraceWriter implements TraceSink {
    private static final Logger LOG = Logger.getLogger(TraceWriter.class.getName());
    /** How often the writer looks at the queue while it gathers a batch. */
    private static final long GATHER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

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
    private long nextProbeNanos;
    private Duration backoff = Duration.ofMillis(250);

    public TraceWriter(TraceStore store, Path spillDir, Options options) {
        this.store = store;
        this.spill = new SpillFile(spillDir);
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.spillPending = spill.hasPending(); // left by a previous run: replayed first
        this.thread =
                Thread.ofPlatform().daemon().name("mlflowlite-trace-writer").start(this::run);
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
                if (requested > probesDone.get()) {
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
        if (!storeAvailable && !probeDue()) {
            spillNow(batch);
            return;
        }
        try {
            store.write(batch);
            written.addAndGet(batch.size());
            settle(batch.size());
            markAvailable();
        } catch (RuntimeException e) {
            markUnavailable(e);
            spillNow(batch);
        }
    }

    private void replaySpill() {
        try {
            long n = spill.replay(
                    options.batchSize(),
                    traces -> {
                        store.write(traces);
                        replayed.addAndGet(traces.size());
                    },
                    dropped::addAndGet);
            spillPending = spill.hasPending();
            if (n > 0) {
                LOG.info(() -> "Replayed " + n + " spilled traces into " + store.describe());
            }
            markAvailable();
        } catch (IOException | RuntimeException e) {
            markUnavailable(e);
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
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
        if (!storeAvailable) {
            LOG.info(() -> "Trace store " + store.describe() + " is available again");
        }
        storeAvailable = true;
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
     * store once more (replayed if it answers); or until {@code timeout} passes.
     */
    @Override
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = accepted.get();
        long probe = probesRequested.incrementAndGet();
        LockSupport.unpark(thread); // stop gathering: write what is queued now
        synchronized (progress) {
            while (settled.get() < target
                    || (!closed && spillPending && probesDone.get() < probe)
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
        flush(Duration.ofSeconds(10));
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spill.close();
    }
}
