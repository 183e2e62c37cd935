package io.mlflowlite.eval;

import java.util.List;
import java.util.Optional;

/** A store that passes every call to another, for tests that watch or break some of them. */
class ForwardingEvalRunStore implements EvalRunStore {
    private final EvalRunStore delegate;

    ForwardingEvalRunStore(EvalRunStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void saveRun(EvalRun run) {
        delegate.saveRun(run);
    }

    @Override
    public void saveRows(String runId, List<RowResult> rows) {
        delegate.saveRows(runId, rows);
    }

    @Override
    public Optional<EvalRun> run(String runId) {
        return delegate.run(runId);
    }

    @Override
    public List<RowResult> rows(String runId) {
        return delegate.rows(runId);
    }

    @Override
    public List<EvalRun> recent(int limit) {
        return delegate.recent(limit);
    }

    @Override
    public List<EvalRun> searchByName(String query, int limit) {
        return delegate.searchByName(query, limit);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
