package io.mlflowlite.redis;

import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.TwoReplicasContract;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.store.JdbcKeyStore;

/**
 * Two replicas as a scaled-out gateway runs them: keys in one real PostgreSQL, counters in one real Redis, each
 * replica with its own connections to both.
 */
class RedisTwoReplicasTest extends TwoReplicasContract {
    private final String postgres = SharedPostgres.freshDatabaseUrl();
    private final String redis = EmbeddedRedis.freshUrl();

    @Override
    protected KeyStore openKeys() {
        return JdbcKeyStore.open(postgres);
    }

    @Override
    protected UsageCounter openCounter() {
        return RedisUsageCounter.open(redis);
    }
}
