package io.mlflowlite.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The key store on a real SQLite file. */
class SqliteKeyStoreTest extends KeyStoreContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("mlflowlite.db");
    }
}
