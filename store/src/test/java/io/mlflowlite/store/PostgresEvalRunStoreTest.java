package io.mlflowlite.store;

import java.util.List;

/** The evaluation run store contract on a real PostgreSQL server. */
class PostgresEvalRunStoreTest extends JdbcEvalRunStoreContract {
    @Override
    protected String freshDatabaseUrl() {
        return EmbeddedPostgresServer.freshDatabaseUrl();
    }

    @Override
    protected List<String> failInsertsOfRow(int index) {
        return List.of(
                "CREATE FUNCTION eval_rows_fail() RETURNS trigger AS $$ BEGIN IF NEW.row_index = " + index
                        + " THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER eval_rows_fail BEFORE INSERT ON eval_rows FOR EACH ROW EXECUTE FUNCTION eval_rows_fail()");
    }
}
