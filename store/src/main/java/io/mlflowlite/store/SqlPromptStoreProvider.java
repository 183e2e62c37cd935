package io.mlflowlite.store;

import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStoreProvider;

/**
 * Opens {@link JdbcPromptStore}s for {@code jdbc:sqlite:…}, {@code jdbc:postgresql:…} and file paths ending in
 * {@code .db}, {@code .sqlite} or {@code .sqlite3}. Registered for {@link java.util.ServiceLoader}, so
 * {@link io.mlflowlite.prompt.PromptStores#open(String)} finds it when this module is on the classpath. Stateless
 * and thread-safe.
 */
public final class SqlPromptStoreProvider implements PromptStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SqlPromptStoreProvider() {}

    @Override
    public boolean supports(String url) {
        return StoreUrl.supports(url);
    }

    @Override
    public PromptStore openPrompts(String url) {
        return JdbcPromptStore.open(url);
    }
}
