package io.mlflowlite.tracing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trace store in memory, keeping the newest {@code capacity} traces: the default when no database module is
 * on the classpath, and a convenience in tests. Assessments are kept for the {@code capacity} trace ids most
 * recently assessed (stored traces or not), and go with a trace when it is deleted. Thread-safe.
 */
public final class InMemoryTraceStore implements TraceStore {
    private final Map<String, Trace> traces;
    private final Map<String, List<Assessment>> assessments;
    private final int capacity;

    public InMemoryTraceStore(int capacity) {
        // insertion order: the oldest written is evicted first, in O(1)
        this.traces = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Trace> eldest) {
                return size() > capacity;
            }
        };
        this.assessments = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Assessment>> eldest) {
                return size() > capacity;
            }
        };
        this.capacity = capacity;
    }

    @Override
    public synchronized void write(List<Trace> batch) {
        batch.forEach(t -> traces.put(t.traceId(), t));
    }

    @Override
    public synchronized Optional<Trace> get(String traceId) {
        return Optional.ofNullable(traces.get(traceId)).map(this::withAssessments);
    }

    private Trace withAssessments(Trace trace) {
        List<Assessment> of = assessments.get(trace.traceId());
        return of == null ? trace : trace.withAssessments(of);
    }

    private TraceInfo withAssessments(TraceInfo info) {
        List<Assessment> of = assessments.get(info.traceId());
        return of == null ? info : info.toBuilder().assessments(of).build();
    }

    @Override
    public synchronized void logAssessment(Assessment assessment) {
        List<Assessment> of = new ArrayList<>(assessments.getOrDefault(assessment.traceId(), List.of()));
        of.removeIf(a -> a.assessmentId().equals(assessment.assessmentId()));
        of.add(assessment);
        of.sort(Comparator.comparing(Assessment::createdAt).thenComparing(Assessment::assessmentId));
        assessments.remove(assessment.traceId()); // re-inserted: the most recently assessed is evicted last
        assessments.put(assessment.traceId(), List.copyOf(of));
    }

    @Override
    public synchronized Map<String, List<Assessment>> assessments(Collection<String> traceIds) {
        Map<String, List<Assessment>> found = new LinkedHashMap<>();
        for (String id : traceIds) {
            List<Assessment> of = assessments.get(id);
            if (of != null) {
                found.put(id, of);
            }
        }
        return found;
    }

    @Override
    public synchronized Map<String, List<Assessment>> assessmentsWithTags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("assessmentsWithTags needs at least one tag to match");
        }
        Map<String, List<Assessment>> found = new java.util.TreeMap<>();
        assessments.forEach((id, of) -> {
            Trace trace = traces.get(id);
            if (trace != null
                    && tags.entrySet().stream()
                            .allMatch(
                                    e -> e.getValue().equals(trace.info().tags().get(e.getKey())))) {
                found.put(id, of);
            }
        });
        return found;
    }

    @Override
    public synchronized TracePage search(TraceQuery q) {
        List<TraceInfo> matching = traces.values().stream()
                .filter(t -> matches(t.info(), q) && matchesMore(t, q))
                .map(Trace::info)
                .map(this::withAssessments)
                .sorted(order(q.sort()))
                .toList();
        int start = q.pageToken() == null ? 0 : Integer.parseInt(q.pageToken());
        int end = Math.min(matching.size(), start + q.pageSize());
        List<TraceInfo> page = new ArrayList<>(matching.subList(Math.min(start, end), end));
        return new TracePage(page, end < matching.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
    }

    static boolean matches(TraceInfo i, TraceQuery q) {
        return (q.from() == null || !i.startTime().isBefore(q.from()))
                && (q.to() == null || i.startTime().isBefore(q.to()))
                && (q.experiment() == null || q.experiment().equals(i.experiment()))
                && (q.model() == null || q.model().equals(i.model()))
                && (q.state() == null || q.state() == i.state())
                && (q.user() == null || q.user().equals(i.user()))
                && (q.session() == null || q.session().equals(i.session()))
                && (q.minCost() == null || i.cost().compareTo(q.minCost()) >= 0)
                && (q.minLatency() == null || i.duration().compareTo(q.minLatency()) >= 0)
                && q.tags().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(i.tags().get(e.getKey())));
    }

    /** {@code sort}'s order, ties broken by start time and trace id in the same direction. */
    static Comparator<TraceInfo> order(TraceSort sort) {
        Comparator<TraceInfo> byTime =
                Comparator.comparing(TraceInfo::startTime).thenComparing(TraceInfo::traceId);
        Comparator<TraceInfo> ascending = switch (sort) {
            case NEWEST, OLDEST -> byTime;
            case COST_DESC, COST_ASC -> Comparator.comparing(TraceInfo::cost).thenComparing(byTime);
            case LATENCY_DESC, LATENCY_ASC ->
                Comparator.comparing(TraceInfo::duration).thenComparing(byTime);
        };
        return sort.descending() ? ascending.reversed() : ascending;
    }

    /** The criteria a summary alone cannot answer: endpoint, text, linked prompt, absent tags. */
    static boolean matchesMore(Trace t, TraceQuery q) {
        TraceInfo i = t.info();
        if (q.endpoint() != null
                && !t.root()
                        .map(r -> q.endpoint()
                                .equals(String.valueOf(r.attributes().get("mlflowlite.endpoint"))))
                        .orElse(false)) {
            return false;
        }
        if (q.text() != null) {
            String needle = q.text().toLowerCase(java.util.Locale.ROOT);
            boolean found = (i.requestPreview() != null
                            && i.requestPreview()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains(needle))
                    || (i.responsePreview() != null
                            && i.responsePreview()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains(needle));
            if (!found) {
                return false;
            }
        }
        if (q.linkedPrompt() != null) {
            String linked = i.tags().get(InFlightTrace.LINKED_PROMPTS);
            if (linked == null || !linked.contains(linkedPromptFragment(q.linkedPrompt()))) {
                return false;
            }
        }
        return q.withoutTags().stream().noneMatch(i.tags()::containsKey);
    }

    /**
     * How {@code name/version} appears inside an {@code mlflow.linkedPrompts} tag value:
     * {@code {"name":"qa","version":"3"}}, as PromptVersion.linkedPromptsJson writes it.
     */
    public static String linkedPromptFragment(String nameSlashVersion) {
        int slash = nameSlashVersion.lastIndexOf('/');
        var node = io.mlflowlite.json.Json.object()
                .put("name", nameSlashVersion.substring(0, slash))
                .put("version", nameSlashVersion.substring(slash + 1));
        return node.toString();
    }

    @Override
    public synchronized long countTraces() {
        return traces.size();
    }

    @Override
    public synchronized int delete(Collection<String> traceIds) {
        int removed = 0;
        for (String id : traceIds) {
            removed += traces.remove(id) != null ? 1 : 0;
            assessments.remove(id);
        }
        return removed;
    }

    @Override
    public synchronized int deleteOlderThan(Instant cutoff) {
        assessments
                .entrySet()
                .removeIf(e -> !traces.containsKey(e.getKey())
                        && e.getValue().stream().allMatch(a -> a.createdAt().isBefore(cutoff)));
        return delete(traces.values().stream()
                .filter(t -> t.info().startTime().isBefore(cutoff))
                .map(Trace::traceId)
                .toList());
    }

    @Override
    public String describe() {
        return "memory (newest " + capacity + " traces)";
    }

    @Override
    public void close() {}
}
