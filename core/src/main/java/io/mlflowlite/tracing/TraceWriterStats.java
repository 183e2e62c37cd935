package io.mlflowlite.tracing;

/**
 * What a {@link TraceWriter} has done since it started.
 *
 * @param queued         traces waiting in memory now
 * @param accepted       traces handed to it
 * @param written        traces committed to the store directly
 * @param spilled        traces appended to the spill file (queue full or store unavailable)
 * @param replayed       spilled traces later committed to the store
 * @param dropped        traces lost: could neither be queued nor spilled (disk full), or unreadable in a spill file
 * @param storeAvailable whether the last write to the store succeeded
 */
public record TraceWriterStats(
        long queued, long accepted, long written, long spilled, long replayed, long dropped, boolean storeAvailable) {}
