package io.mlflowlite.tracing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where traces are kept: SQLite or PostgreSQL (module {@code store}), or memory. Implementations are
 * thread-safe. Methods block on I/O and throw {@link TraceStoreException} when the store is unavailable;
 * callers on the hot path never call them directly — {@link TraceWriter} does, on its own thread.
 */
public interface TraceStore extends AutoCloseable {
    /**
     * Stores traces in one transaction: all or none. Writing a trace id that is already stored replaces it
     * (so replaying a spill file twice is harmless).
     */
    void write(List<Trace> traces);

    /** The trace with its spans, when stored. */
    Optional<Trace> get(String traceId);

    /** Trace summaries matching {@code query}, newest first, one page. */
    TracePage search(TraceQuery query);

    /**
     * How many traces the store holds. The default pages through {@link #search} (fine for small stores); the
     * SQL stores count in the database.
     */
    default long countTraces() {
        long total = 0;
        String token = null;
        do {
            TracePage page = search(TraceQuery.builder()
                    .pageSize(TraceQuery.MAX_PAGE_SIZE)
                    .pageToken(token)
                    .build());
            total += page.traces().size();
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return total;
    }

    /** Deletes these traces and their spans; returns how many existed. */
    int delete(Collection<String> traceIds);

    /** Deletes traces that started before {@code cutoff} (retention); returns how many. */
    int deleteOlderThan(Instant cutoff);

    /** A short description for messages: {@code sqlite:mlflowlite.db}, {@code postgresql://host/db}. */
    String describe();

    @Override
    void close();
}
