package io.mlflowlite.store;

import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.TwoReplicasContract;
import io.mlflowlite.limits.UsageCounter;

/** Two replicas, each with its own connections, sharing keys and counters in one real PostgreSQL database. */
class PostgresTwoReplicasTest extends TwoReplicasContract {
    private final String url = EmbeddedPostgresServer.freshDatabaseUrl();

    @Override
    protected KeyStore openKeys() {
        return JdbcKeyStore.open(url);
    }

    @Override
    protected UsageCounter openCounter() {
        return JdbcUsageCounter.open(url);
    }
}
