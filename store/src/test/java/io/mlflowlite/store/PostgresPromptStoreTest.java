package io.mlflowlite.store;

import io.mlflowlite.prompt.PromptRegistryContract;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The prompt registry contract on a real PostgreSQL server, with a second store (its own connection pool) on the
 * same database standing in for another replica.
 */
class PostgresPromptStoreTest implements PromptRegistryContract {
    private PromptStore store;
    private PromptStore other;

    @BeforeEach
    void open() {
        String url = EmbeddedPostgresServer.freshDatabaseUrl();
        store = PromptStores.open(url);
        other = PromptStores.open(url);
    }

    @AfterEach
    void close() {
        store.close();
        other.close();
    }

    @Override
    public PromptStore store() {
        return store;
    }

    @Override
    public PromptStore sameDataElsewhere() {
        return other;
    }
}
