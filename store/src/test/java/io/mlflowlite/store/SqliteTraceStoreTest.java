package io.mlflowlite.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contracts on a real SQLite file. */
class SqliteTraceStoreTest extends StoreTestBase
        implements RoundTripContract,
                SearchContract,
                PagingContract,
                RetentionContract,
                ConcurrencyContract,
                SchemaContract,
                GatewayTracingContract,
                AssessmentContract,
                UiQueryContract {

    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("mlflowlite.db");
    }
}
