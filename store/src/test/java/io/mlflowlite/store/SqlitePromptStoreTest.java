package io.mlflowlite.store;

import io.mlflowlite.prompt.PromptRegistryContract;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt registry contract on a real SQLite file, opened by URL as the CLI does, with a second store on the
 * same file standing in for another process.
 */
class SqlitePromptStoreTest implements PromptRegistryContract {
    @TempDir
    Path dir;

    private PromptStore store;
    private PromptStore other;

    @BeforeEach
    void open() {
        String url = "jdbc:sqlite:" + dir.resolve("mlflowlite.db");
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
