package io.mlflowlite.tracing;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue of traces bounded twice: by their count and by the characters of their span text ({@link
 * Trace#textLength}), so a few large traces (long documents, images as data URLs) cannot fill the heap while
 * whoever takes them lags. What the trace writer and online scoring hold their traces in. Thread-safe.
 */
public final class TraceQueue {
    private final BlockingQueue<Trace> traces;
    private final long maxChars;
    private final AtomicLong chars = new AtomicLong();

    public TraceQueue(int capacity, long maxChars) {
        this.traces = new ArrayBlockingQueue<>(capacity);
        this.maxChars = maxChars;
    }

    /** Adds {@code trace} unless it would pass either bound; never blocks. */
    public boolean offer(Trace trace) {
        long length = trace.textLength();
        if (chars.addAndGet(length) <= maxChars && traces.offer(trace)) {
            return true;
        }
        chars.addAndGet(-length);
        return false;
    }

    /** The oldest trace, waiting up to {@code timeout} for one; null when none came. */
    public Trace poll(long timeout, TimeUnit unit) throws InterruptedException {
        Trace trace = traces.poll(timeout, unit);
        if (trace != null) {
            chars.addAndGet(-trace.textLength());
        }
        return trace;
    }

    /** Moves up to {@code max} traces, oldest first, to the end of {@code batch}; returns their text's length. */
    public long drainTo(List<Trace> batch, int max) {
        int from = batch.size();
        traces.drainTo(batch, max);
        long moved = 0;
        for (int i = from; i < batch.size(); i++) {
            moved += batch.get(i).textLength();
        }
        chars.addAndGet(-moved);
        return moved;
    }

    public int size() {
        return traces.size();
    }

    public boolean isEmpty() {
        return traces.isEmpty();
    }
}
