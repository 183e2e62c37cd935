package io.mlflowlite.store;

import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.UsageCounterContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The usage counter contract on a real SQLite file, opened by URL as the gateway does. */
class SqliteUsageCounterTest implements UsageCounterContract {
    @TempDir
    Path dir;

    private UsageCounter counter;

    @BeforeEach
    void open() {
        counter = LimitStores.openCounter("jdbc:sqlite:" + dir.resolve("mlflowlite.db"));
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
