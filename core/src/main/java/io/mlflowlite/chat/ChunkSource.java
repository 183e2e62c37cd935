package io.mlflowlite.chat;

/**
 * Where a {@link ChatStream} pulls its chunks from: a provider's SSE decoder, a simulated model, or a
 * pipeline layer decorating another source. Used by one thread at a time.
 */
public interface ChunkSource extends AutoCloseable {
    /**
     * Blocks until the next chunk arrives and returns it, or returns null at the normal end of the stream.
     * Throws an {@link io.mlflowlite.error.MlflowliteException} when the stream fails (truncated, reset, timed out).
     */
    ChatChunk next();

    /** Stops the stream and releases its connection; idempotent. Never throws. */
    @Override
    void close();
}
