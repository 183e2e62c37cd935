package io.mlflowlite.store;

import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The experiment store contract on a real PostgreSQL server, with a second store (its own pool) standing in for another replica. */
class PostgresExperimentStoreTest implements ExperimentStoreContract {
    private ExperimentStore store;
    private ExperimentStore other;

    @BeforeEach
    void open() {
        String url = EmbeddedPostgresServer.freshDatabaseUrl();
        store = ExperimentStores.open(url);
        other = ExperimentStores.open(url);
    }

    @AfterEach
    void close() {
        store.close();
        other.close();
    }

    @Override
    public ExperimentStore store() {
        return store;
    }

    @Override
    public ExperimentStore other() {
        return other;
    }
}
