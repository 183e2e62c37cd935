package io.mlflowlite.store;

import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStoreProvider;

/**
 * Opens {@link JdbcTraceStore}s for {@code jdbc:sqlite:…}, {@code jdbc:postgresql:…} and file paths ending in
 * {@code .db}, {@code .sqlite} or {@code .sqlite3}. Registered for {@link java.util.ServiceLoader}, so
 * {@link io.mlflowlite.tracing.TraceStores#open(String)} finds it when this module is on the classpath.
 * Stateless and thread-safe.
 */
public final class SqlTraceStoreProvider implements TraceStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SqlTraceStoreProvider() {}

    @Override
    public boolean supports(String url) {
        return StoreUrl.supports(url);
    }

    @Override
    public TraceStore open(String url) {
        return JdbcTraceStore.open(url);
    }
}
