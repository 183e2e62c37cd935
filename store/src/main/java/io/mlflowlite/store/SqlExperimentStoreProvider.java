package io.mlflowlite.store;

import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStoreProvider;

/**
 * Opens {@link JdbcExperimentStore}s for the URLs the other SQL stores take. Registered for
 * {@link java.util.ServiceLoader}, so {@link io.mlflowlite.experiments.ExperimentStores#open(String)} finds it when
 * this module is on the classpath. Stateless and thread-safe.
 */
public final class SqlExperimentStoreProvider implements ExperimentStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SqlExperimentStoreProvider() {}

    @Override
    public boolean supports(String url) {
        return StoreUrl.supports(url);
    }

    @Override
    public ExperimentStore openExperiments(String url) {
        return JdbcExperimentStore.open(url);
    }
}
