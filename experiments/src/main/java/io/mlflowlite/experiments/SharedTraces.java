package io.mlflowlite.experiments;

import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace store the rollout controller reads a process's calls from: the database at the experiments' URL (the
 * gateways trace there too), or the process's global tracing store when experiments live in memory. One per URL
 * per process, never closed.
 */
final class SharedTraces {
    private static final Map<String, TraceStore> OPEN = new ConcurrentHashMap<>();

    private SharedTraces() {}

    static TraceStore open(String url) {
        return OPEN.computeIfAbsent(
                url,
                u -> ExperimentStores.MEMORY.equals(u)
                        ? Tracing.global()
                                .store()
                                .orElseThrow(
                                        () -> new IllegalArgumentException("a rollout reads its calls from the traces, "
                                                + "but tracing keeps none here: set MLFLOWLITE_STORE to a database"))
                        : TraceStores.open(u));
    }
}
