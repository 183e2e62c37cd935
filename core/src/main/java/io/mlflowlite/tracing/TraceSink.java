package io.mlflowlite.tracing;

/**
 * Receives every finished trace: the store writer, an OTLP exporter. Contract: {@link #accept} is called on
 * the caller's thread at the end of each call, so it must be fast, must never throw, and must never block on
 * I/O (queue the trace and return). {@link #flush} and {@link #close} may block.
 */
public interface TraceSink extends AutoCloseable {
    /** Takes a finished trace. Fast, non-blocking, never throws. */
    void accept(Trace trace);

    /** Blocks until everything accepted so far is delivered (or spilled), or the timeout passes. */
    default void flush(java.time.Duration timeout) {}

    /** Flushes and releases resources. */
    @Override
    default void close() {}
}
