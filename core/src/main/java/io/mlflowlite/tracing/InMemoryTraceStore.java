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
 * on the classpath, and a convenience in tests. Thread-safe.
 */
public final class InMemoryTraceStore implements TraceStore {
    private final Map<String, Trace> traces;
    private final int capacity;

    public InMemoryTraceStore(int capacity) {
        // insertion order: the oldest written is evicted first, in O(1)
        this.traces = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Trace> eldest) {
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
        return Optional.ofNullable(traces.get(traceId));
    }

    @Override
    public synchronized TracePage search(TraceQuery q) {
        Comparator<TraceInfo> newestFirst =
                Comparator.comparing(TraceInfo::startTime).reversed().thenComparing(TraceInfo::traceId);
        List<TraceInfo> matching = traces.values().stream()
                .map(Trace::info)
                .filter(i -> matches(i, q))
                .sorted(newestFirst)
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

    @Override
    public synchronized long countTraces() {
        return traces.size();
    }

    @Override
    public synchronized int delete(Collection<String> traceIds) {
        int removed = 0;
        for (String id : traceIds) {
            removed += traces.remove(id) != null ? 1 : 0;
        }
        return removed;
    }

    @Override
    public synchronized int deleteOlderThan(Instant cutoff) {
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
