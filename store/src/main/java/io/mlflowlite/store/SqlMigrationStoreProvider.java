package io.mlflowlite.store;

import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStoreProvider;

/**
 * Opens {@link JdbcMigrationStore}s for the URLs the other SQL stores take. Registered for
 * {@link java.util.ServiceLoader}, so {@link io.mlflowlite.migrate.MigrationStores#open(String)} finds it when this
 * module is on the classpath. Stateless and thread-safe.
 */
public final class SqlMigrationStoreProvider implements MigrationStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SqlMigrationStoreProvider() {}

    @Override
    public boolean supports(String url) {
        return StoreUrl.supports(url);
    }

    @Override
    public MigrationStore openMigrations(String url) {
        return JdbcMigrationStore.open(url);
    }
}
