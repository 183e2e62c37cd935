package io.mlflowlite.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last N recorded traces, so a trace can be read back before the async writer stored it. Thread-safe. */
final class RecentTraces {
    private final Map<String, Trace> traces;

    RecentTraces(int capacity) {
        this.traces = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Trace> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(Trace trace) {
        traces.put(trace.traceId(), trace);
    }

    synchronized Optional<Trace> get(String traceId) {
        return Optional.ofNullable(traces.get(traceId));
    }
}
