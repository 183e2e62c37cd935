package io.mlflowlite.store;

import io.mlflowlite.json.Json;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationEvent;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Migrations and their events in the {@code migrations} and {@code migration_events} tables of SQLite or
 * PostgreSQL (schema V8). An update is one transaction that writes the migration only over the version it was made
 * from ({@code WHERE version = n - 1}) and appends its event, so a step is recorded with its evidence or not at
 * all. Thread-safe; every method blocks on the database; failures are {@link MigrationStoreException}s naming the
 * database and the fix.
 */
public final class JdbcMigrationStore implements MigrationStore {
    private static final String COLUMNS =
            "id, endpoint, from_model, to_model, status, step, state, created, updated, version";

    private final Database db;
    private volatile boolean closed;

    private JdbcMigrationStore(Database db) {
        this.db = db;
    }

    /**
     * Opens the migration store at {@code url} ({@code jdbc:sqlite:<file>}, a {@code .db} path, or
     * {@code jdbc:postgresql://…}), creating or upgrading the schema.
     */
    public static JdbcMigrationStore open(String url) {
        return new JdbcMigrationStore(Database.open(StoreUrl.parse(url, Purpose.MIGRATIONS), Purpose.MIGRATIONS));
    }

    @Override
    public void create(Migration m, MigrationEvent created) {
        writing(
                "create migration " + m.id(),
                h -> h.inTransaction(tx -> {
                    int inserted = tx.createUpdate("INSERT INTO migrations (" + COLUMNS + ") VALUES (:id, :endpoint, "
                                    + ":from_model, :to_model, :status, :step, :state, :created, :updated, :version) "
                                    + "ON CONFLICT (id) DO NOTHING")
                            .bind("id", m.id())
                            .bind("endpoint", m.endpoint())
                            .bind("from_model", m.fromModel())
                            .bind("to_model", m.toModel())
                            .bind("status", m.status().name())
                            .bind("step", m.step().name())
                            .bind("state", m.state().toString())
                            .bind("created", m.created().toEpochMilli())
                            .bind("updated", m.updated().toEpochMilli())
                            .bind("version", m.version())
                            .execute();
                    if (inserted == 0) {
                        throw new MigrationStoreException("A migration " + m.id() + " exists already in " + describe());
                    }
                    insertEvent(tx, created);
                    return null;
                }));
    }

    @Override
    public Optional<Migration> get(String id) {
        return reading(
                "read migration " + id,
                h -> h.createQuery("SELECT " + COLUMNS + " FROM migrations WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> migration(rs))
                        .findOne());
    }

    @Override
    public List<Migration> list() {
        return reading(
                "list migrations",
                h -> h.createQuery("SELECT " + COLUMNS + " FROM migrations ORDER BY created DESC, id DESC")
                        .map((rs, ctx) -> migration(rs))
                        .list());
    }

    @Override
    public boolean update(Migration next, MigrationEvent event) {
        return writing(
                "update migration " + next.id(),
                h -> h.inTransaction(tx -> {
                    int updated = tx.createUpdate("UPDATE migrations SET status = :status, step = :step, "
                                    + "state = :state, updated = :updated, version = :version "
                                    + "WHERE id = :id AND version = :previous")
                            .bind("status", next.status().name())
                            .bind("step", next.step().name())
                            .bind("state", next.state().toString())
                            .bind("updated", next.updated().toEpochMilli())
                            .bind("version", next.version())
                            .bind("id", next.id())
                            .bind("previous", next.version() - 1)
                            .execute();
                    if (updated == 0) {
                        return false;
                    }
                    insertEvent(tx, event);
                    return true;
                }));
    }

    @Override
    public void record(MigrationEvent event) {
        writing(
                "record an event of migration " + event.migration(),
                h -> h.inTransaction(tx -> {
                    insertEvent(tx, event);
                    return null;
                }));
    }

    @Override
    public List<MigrationEvent> events(String id) {
        return reading(
                "read the events of migration " + id,
                h -> h.createQuery("SELECT migration, at, step, decision, summary, evidence FROM migration_events "
                                + "WHERE migration = :id ORDER BY seq")
                        .bind("id", id)
                        .map((rs, ctx) -> new MigrationEvent(
                                rs.getString("migration"),
                                Instant.ofEpochMilli(rs.getLong("at")),
                                rs.getString("step"),
                                rs.getString("decision"),
                                rs.getString("summary"),
                                Json.parse(rs.getString("evidence"), "migration_events.evidence")))
                        .list());
    }

    @Override
    public String describe() {
        return db.url().description();
    }

    @Override
    public void close() {
        closed = true;
        db.close();
    }

    private static void insertEvent(Handle h, MigrationEvent e) {
        int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM migration_events WHERE migration = :id")
                .bind("id", e.migration())
                .mapTo(Integer.class)
                .one();
        h.createUpdate("INSERT INTO migration_events (migration, seq, at, step, decision, summary, evidence) "
                        + "VALUES (:migration, :seq, :at, :step, :decision, :summary, :evidence)")
                .bind("migration", e.migration())
                .bind("seq", seq)
                .bind("at", e.at().toEpochMilli())
                .bind("step", e.step())
                .bind("decision", e.decision())
                .bind("summary", e.summary())
                .bind("evidence", e.evidence().toString())
                .execute();
    }

    private static Migration migration(ResultSet rs) throws SQLException {
        return new Migration(
                rs.getString("id"),
                rs.getString("endpoint"),
                rs.getString("from_model"),
                rs.getString("to_model"),
                Migration.Status.valueOf(rs.getString("status")),
                Migration.Step.valueOf(rs.getString("step")),
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(rs.getString("state"), "migrations.state"),
                Instant.ofEpochMilli(rs.getLong("created")),
                Instant.ofEpochMilli(rs.getLong("updated")),
                rs.getLong("version"));
    }

    private <T> T writing(String what, Function<Handle, T> work) {
        ensureOpen(what);
        return db.write(what, work);
    }

    private <T> T reading(String what, Function<Handle, T> work) {
        ensureOpen(what);
        return db.read(what, work);
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new MigrationStoreException(
                    "Could not " + what + ": the migration store " + describe() + " is closed");
        }
    }
}
