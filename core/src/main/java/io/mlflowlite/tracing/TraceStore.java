package io.mlflowlite.tracing;

import io.mlflowlite.chat.Feedback;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where traces are kept: SQLite or PostgreSQL (module {@code store}), or memory. Implementations are
 * thread-safe. Methods block on I/O and throw {@link TraceStoreException} when the store is unavailable;
 * callers on the hot path never call them directly — {@link TraceWriter} does, on its own thread.
 *
 * <p>Assessments ({@link Assessment}: feedback and scores on a trace) are kept apart from the traces, keyed by
 * trace id, so an assessment logged before its trace was written (the writer is asynchronous) is kept and shows
 * with the trace once it lands. Deleting a trace deletes its assessments; retention ({@link #deleteOlderThan})
 * also deletes assessments older than the cutoff whose trace never arrived. The stores shipped with mlflowlite
 * keep assessments; the defaults of the assessment methods throw {@link UnsupportedOperationException} for a
 * store that does not.
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

    /**
     * The traces that started in [{@code from}, {@code to}) and have none of {@code withoutTags}, reduced to
     * {@link TracePoint}s, oldest first, at most {@code limit}. The default pages through {@link #search} (and
     * knows no endpoints); the SQL stores read the few columns in one query.
     */
    default java.util.List<TracePoint> points(Instant from, Instant to, java.util.Set<String> withoutTags, int limit) {
        java.util.List<TracePoint> points = new java.util.ArrayList<>();
        TraceQuery.Builder query =
                TraceQuery.builder().from(from).to(to).sort(TraceSort.OLDEST).pageSize(TraceQuery.MAX_PAGE_SIZE);
        withoutTags.forEach(query::withoutTag);
        String token = null;
        do {
            TracePage page = search(query.pageToken(token).build());
            for (TraceInfo i : page.traces()) {
                if (points.size() >= limit) {
                    return points;
                }
                points.add(new TracePoint(i.startTime(), i.duration(), i.state(), i.model(), null, i.cost()));
            }
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return points;
    }

    /**
     * Stores {@code assessment}, whether or not its trace is stored yet. An assessment id already stored is
     * replaced.
     *
     * @throws UnsupportedOperationException when this store keeps no assessments
     */
    default void logAssessment(Assessment assessment) {
        throw new UnsupportedOperationException("The trace store " + describe() + " does not keep assessments");
    }

    /** Stores {@code feedback} as a new assessment of {@code traceId} (a fresh id, logged now) and returns it. */
    default Assessment logAssessment(String traceId, Feedback feedback) {
        Assessment assessment = Assessment.of(traceId, feedback);
        logAssessment(assessment);
        return assessment;
    }

    /** The assessments of {@code traceId}, oldest first; empty when it has none. */
    default List<Assessment> assessments(String traceId) {
        return assessments(List.of(traceId)).getOrDefault(traceId, List.of());
    }

    /**
     * The assessments of each of {@code traceIds} that has any, oldest first per trace: one read for a page of
     * traces, however many.
     *
     * @throws UnsupportedOperationException when this store keeps no assessments
     */
    default Map<String, List<Assessment>> assessments(Collection<String> traceIds) {
        throw new UnsupportedOperationException("The trace store " + describe() + " does not keep assessments");
    }

    /**
     * The assessments of every stored trace that has all of {@code tags} (such as {@code mlflowlite.experiment}
     * and {@code mlflowlite.variant}), by trace id, oldest first per trace; traces without assessments are left
     * out. What a report over an A/B test reads: one query per variant, whatever the number of traces.
     * Assessments whose trace is not stored yet are not included (their tags are not known).
     *
     * @throws IllegalArgumentException when {@code tags} is empty (that would read every assessment)
     * @throws UnsupportedOperationException when this store keeps no assessments
     */
    default Map<String, List<Assessment>> assessmentsWithTags(Map<String, String> tags) {
        throw new UnsupportedOperationException("The trace store " + describe() + " does not keep assessments");
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
