package io.mlflowlite.store;

import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStoreProvider;

/**
 * Opens {@link JdbcEvalRunStore}s for {@code jdbc:sqlite:…}, {@code jdbc:postgresql:…} and file paths ending in
 * {@code .db}, {@code .sqlite} or {@code .sqlite3}. Registered for {@link java.util.ServiceLoader}, so
 * {@link io.mlflowlite.eval.EvalRunStores#open(String)} finds it when this module is on the classpath. Stateless and
 * thread-safe.
 */
public final class SqlEvalRunStoreProvider implements EvalRunStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SqlEvalRunStoreProvider() {}

    @Override
    public boolean supports(String url) {
        return StoreUrl.supports(url);
    }

    @Override
    public EvalRunStore openEvalRuns(String url) {
        return JdbcEvalRunStore.open(url);
    }
}
