package io.mlflowlite.store;

import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Opens the store under test on a fresh database before each test (through the SPI, as the CLI does). */
abstract class StoreTestBase implements StoreAccess {
    private TraceStore store;
    private String url;

    /** The URL of a new, empty database. */
    protected abstract String freshDatabaseUrl();

    @BeforeEach
    void openStore() {
        url = freshDatabaseUrl();
        store = TraceStores.open(url);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    public TraceStore store() {
        return store;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void sql(String statement) {
        Jdbi.create(url).useHandle(h -> h.execute(statement));
    }

    @Override
    public long number(String query) {
        return Jdbi.create(url)
                .withHandle(h -> h.createQuery(query).mapTo(Long.class).one());
    }
}
