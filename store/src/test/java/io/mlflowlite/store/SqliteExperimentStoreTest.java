package io.mlflowlite.store;

import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The experiment store contract on a real SQLite file, opened by URL, with a second store standing in for another process. */
class SqliteExperimentStoreTest implements ExperimentStoreContract {
    @TempDir
    Path dir;

    private ExperimentStore store;
    private ExperimentStore other;

    @BeforeEach
    void open() {
        String url = "jdbc:sqlite:" + dir.resolve("mlflowlite.db");
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
