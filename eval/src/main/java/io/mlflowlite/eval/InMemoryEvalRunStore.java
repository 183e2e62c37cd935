package io.mlflowlite.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs in this process's memory, lost when it exits: for tests, examples and single-process use. Thread-safe
 * (one lock; saves are small); never blocks on I/O.
 */
public final class InMemoryEvalRunStore implements EvalRunStore {
    private static final Comparator<EvalRun> NEWEST_FIRST = Comparator.comparing(EvalRun::startedAt)
            .thenComparing(EvalRun::runId)
            .reversed();

    private final Map<String, EvalRun> runs = new HashMap<>();
    private final Map<String, TreeMap<Integer, RowResult>> rows = new HashMap<>();

    @Override
    public synchronized void saveRun(EvalRun run) {
        runs.put(run.runId(), run);
        rows.computeIfAbsent(run.runId(), id -> new TreeMap<>());
    }

    @Override
    public synchronized void saveRows(String runId, List<RowResult> newRows) {
        TreeMap<Integer, RowResult> stored = rows.get(runId);
        if (stored == null) {
            throw new EvalRunStoreException("No evaluation run '" + runId + "' to add rows to: save the run first");
        }
        newRows.forEach(r -> stored.put(r.index(), r));
    }

    @Override
    public synchronized Optional<EvalRun> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public synchronized List<RowResult> rows(String runId) {
        return List.copyOf(rows.getOrDefault(runId, new TreeMap<>()).values());
    }

    @Override
    public synchronized List<EvalRun> recent(int limit) {
        return runs.values().stream()
                .sorted(NEWEST_FIRST)
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public synchronized List<EvalRun> searchByName(String query, int limit) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<EvalRun> found = new ArrayList<>();
        for (EvalRun run : runs.values()) {
            if (run.name().toLowerCase(Locale.ROOT).contains(q)) {
                found.add(run);
            }
        }
        return found.stream().sorted(NEWEST_FIRST).limit(Math.max(0, limit)).toList();
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}
}
