package io.mlflowlite.store;

import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.KeyStoreProvider;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.UsageCounterProvider;

/**
 * Opens {@link JdbcKeyStore}s and {@link JdbcUsageCounter}s for {@code jdbc:sqlite:…}, {@code jdbc:postgresql:…}
 * and file paths ending in {@code .db}, {@code .sqlite} or {@code .sqlite3}. Registered for
 * {@link java.util.ServiceLoader} under both interfaces, so {@link io.mlflowlite.limits.LimitStores} finds it when
 * this module is on the classpath. Stateless and thread-safe.
 */
public final class SqlLimitStoreProvider implements KeyStoreProvider, UsageCounterProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SqlLimitStoreProvider() {}

    @Override
    public boolean supports(String url) {
        return StoreUrl.supports(url);
    }

    @Override
    public KeyStore openKeys(String url) {
        return JdbcKeyStore.open(url);
    }

    @Override
    public UsageCounter openCounter(String url) {
        return JdbcUsageCounter.open(url);
    }
}
