package io.mlflowlite.tracing;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last recorded traces, so a trace can be read back before the async writer stored it: at most {@code
 * capacity} of them and {@code maxChars} characters of their span text ({@link Trace#textLength}), the oldest
 * leaving first, so a few large ones (long documents, images as data URLs) do not hold the heap. Thread-safe.
 */
final class RecentTraces {
    private final int capacity;
    private final long maxChars;
    private final Map<String, Trace> traces = new LinkedHashMap<>();
    private long chars;

    RecentTraces(int capacity, long maxChars) {
        this.capacity = capacity;
        this.maxChars = maxChars;
    }

    synchronized void put(Trace trace) {
        Trace replaced = traces.put(trace.traceId(), trace);
        chars += trace.textLength() - (replaced == null ? 0 : replaced.textLength());
        Iterator<Trace> oldest = traces.values().iterator();
        while ((traces.size() > capacity || chars > maxChars) && oldest.hasNext()) {
            chars -= oldest.next().textLength();
            oldest.remove();
        }
    }

    synchronized Optional<Trace> get(String traceId) {
        return Optional.ofNullable(traces.get(traceId));
    }
}
