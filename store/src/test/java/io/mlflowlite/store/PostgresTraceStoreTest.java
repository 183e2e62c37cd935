package io.mlflowlite.store;

/** The store contracts on a real PostgreSQL server. */
class PostgresTraceStoreTest extends StoreTestBase
        implements RoundTripContract,
                SearchContract,
                PagingContract,
                RetentionContract,
                ConcurrencyContract,
                SchemaContract,
                GatewayTracingContract,
                AssessmentContract,
                UiQueryContract {

    @Override
    protected String freshDatabaseUrl() {
        return EmbeddedPostgresServer.freshDatabaseUrl();
    }
}
