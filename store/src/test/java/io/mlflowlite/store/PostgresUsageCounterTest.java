package io.mlflowlite.store;

import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.UsageCounterContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The usage counter contract on a real PostgreSQL server, opened by URL as the gateway does. */
class PostgresUsageCounterTest implements UsageCounterContract {
    private UsageCounter counter;

    @BeforeEach
    void open() {
        counter = LimitStores.openCounter(EmbeddedPostgresServer.freshDatabaseUrl());
    }

    @AfterEach
    void close() {
        counter.close();
    }

    @Override
    public UsageCounter counter() {
        return counter;
    }
}
