package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.eval.EvalRunStoreException;
import io.mlflowlite.eval.EvalRunStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation run store contract on a real SQLite file. */
class SqliteEvalRunStoreTest extends JdbcEvalRunStoreContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("mlflowlite.db");
    }

    @Override
    protected List<String> failInsertsOfRow(int index) {
        return List.of("CREATE TRIGGER eval_rows_fail BEFORE INSERT ON eval_rows WHEN NEW.row_index = " + index
                + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }

    @Test
    void aPathUnderAFileFailsAsAnEvaluationStoreError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> EvalRunStores.open("jdbc:sqlite:" + file.resolve("runs.db")))
                .isInstanceOf(EvalRunStoreException.class)
                .hasMessageContaining("Cannot create the evaluation database");
    }
}
