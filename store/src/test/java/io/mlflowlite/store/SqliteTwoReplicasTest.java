package io.mlflowlite.store;

import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.TwoReplicasContract;
import io.mlflowlite.limits.UsageCounter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one machine sharing one SQLite file: each opens its own connections, so their writes meet only
 * at SQLite's file lock, as two processes' would.
 */
class SqliteTwoReplicasTest extends TwoReplicasContract {
    @TempDir
    static Path dir;

    private final String url = "jdbc:sqlite:" + dir.resolve(java.util.UUID.randomUUID() + ".db");

    @Override
    protected KeyStore openKeys() {
        return JdbcKeyStore.open(url);
    }

    @Override
    protected UsageCounter openCounter() {
        return JdbcUsageCounter.open(url);
    }
}
