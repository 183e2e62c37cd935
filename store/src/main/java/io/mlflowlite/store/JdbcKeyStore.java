package io.mlflowlite.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.Budget;
import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.limits.Period;
import io.mlflowlite.limits.VirtualKey;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * {@link VirtualKey}s in the {@code api_keys} table of SQLite or PostgreSQL (schema V2), shared by every replica
 * that opens the same database. Holds each key's SHA-256, never its secret. Thread-safe; every method blocks on
 * the database. Failures of the database are {@link LimitStoreException}s.
 *
 * <p>Open it with {@link #open(String)}, or by URL through {@link io.mlflowlite.limits.LimitStores#openKeys}, which
 * finds {@link SqlLimitStoreProvider} with {@link java.util.ServiceLoader}.
 */
public final class JdbcKeyStore implements KeyStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final String COLUMNS = "id, name, prefix, secret_hash, allowed_endpoints, rpm, tpm, budget_usd, "
            + "budget_window, budget_action, budget_webhook, created, revoked, metadata";

    private final Database db;
    private volatile boolean closed;

    private JdbcKeyStore(Database db) {
        this.db = db;
    }

    /**
     * Opens the key store at {@code url} ({@code jdbc:sqlite:<file>}, a {@code .db} path, or
     * {@code jdbc:postgresql://…}), creating or upgrading the schema.
     *
     * @throws LimitStoreException naming the problem and its fix when the database cannot be used
     */
    public static JdbcKeyStore open(String url) {
        return new JdbcKeyStore(Database.open(StoreUrl.parse(url, Purpose.LIMITS), Purpose.LIMITS));
    }

    @Override
    public void create(VirtualKey key) {
        writing("create key '" + key.name() + "'", h -> {
            try {
                return bind(
                                h.createUpdate("INSERT INTO api_keys (" + COLUMNS + ") VALUES (:id, :name, :prefix, "
                                        + ":secret_hash, :allowed_endpoints, :rpm, :tpm, :budget_usd, :budget_window, :budget_action, "
                                        + ":budget_webhook, :created, :revoked, :metadata)"),
                                key)
                        .execute();
            } catch (JdbiException e) {
                throw conflict(e, "An active key is already named '" + key.name() + "', or the id or secret is taken");
            }
        });
    }

    @Override
    public Optional<VirtualKey> findByHash(String secretHash) {
        return reading(
                "look up a key",
                h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE secret_hash = :h")
                        .bind("h", secretHash)
                        .map((rs, ctx) -> row(rs))
                        .findOne());
    }

    @Override
    public Optional<VirtualKey> get(String id) {
        return reading(
                "read key " + id,
                h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> row(rs))
                        .findOne());
    }

    @Override
    public List<VirtualKey> list() {
        return reading(
                "list keys",
                h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY created DESC, id")
                        .map((rs, ctx) -> row(rs))
                        .list());
    }

    @Override
    public boolean revoke(String id, Instant when) {
        return writing(
                        "revoke key " + id,
                        h -> h.createUpdate("UPDATE api_keys SET revoked = :at WHERE id = :id AND revoked IS NULL")
                                .bind("at", when.toEpochMilli())
                                .bind("id", id)
                                .execute())
                == 1;
    }

    @Override
    public void update(VirtualKey key) {
        int updated = writing("update key " + key.id(), h -> {
            try {
                return bind(
                                h.createUpdate(
                                        "UPDATE api_keys SET name = :name, allowed_endpoints = :allowed_endpoints, "
                                                + "rpm = :rpm, tpm = :tpm, budget_usd = :budget_usd, budget_window = :budget_window, "
                                                + "budget_action = :budget_action, budget_webhook = :budget_webhook, metadata = :metadata "
                                                + "WHERE id = :id"),
                                key)
                        .execute();
            } catch (JdbiException e) {
                throw conflict(e, "An active key is already named '" + key.name() + "'");
            }
        });
        if (updated == 0) {
            throw new IllegalArgumentException("No key with id " + key.id());
        }
    }

    /** {@code sqlite:<file as given>} or {@code postgresql://<host>:<port>/<database>}, without credentials. */
    @Override
    public String describe() {
        return db.url().description();
    }

    @Override
    public void close() {
        closed = true;
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcKeyStore[" + describe() + "]";
    }

    private <S extends SqlStatement<S>> S bind(S statement, VirtualKey key) {
        Optional<Budget> budget = key.budget();
        return statement
                .bind("id", key.id())
                .bind("name", key.name())
                .bind("prefix", key.prefix())
                .bind("secret_hash", key.secretHash())
                .bind("allowed_endpoints", json(key.allowedEndpoints()))
                .bind("rpm", key.rpm().isPresent() ? key.rpm().getAsLong() : null)
                .bind("tpm", key.tpm().isPresent() ? key.tpm().getAsLong() : null)
                .bind(
                        "budget_usd",
                        budget.map(b -> db.dialect().decimal(b.usd())).orElse(null))
                .bind("budget_window", budget.map(b -> b.window().key()).orElse(null))
                .bind("budget_action", budget.map(b -> b.onExceed().key()).orElse(null))
                .bind(
                        "budget_webhook",
                        budget.flatMap(Budget::webhook).map(URI::toString).orElse(null))
                .bind("created", key.created().toEpochMilli())
                .bind("revoked", key.revoked().map(Instant::toEpochMilli).orElse(null))
                .bind("metadata", json(key.metadata()));
    }

    private static VirtualKey row(ResultSet rs) throws SQLException {
        String usd = rs.getString("budget_usd");
        Optional<Budget> budget = usd == null
                ? Optional.empty()
                : Optional.of(new Budget(
                        new BigDecimal(usd),
                        Period.parse(rs.getString("budget_window")),
                        Budget.Action.parse(rs.getString("budget_action")),
                        Optional.ofNullable(rs.getString("budget_webhook")).map(URI::create)));
        long revoked = rs.getLong("revoked");
        Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
        return new VirtualKey(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("prefix"),
                rs.getString("secret_hash"),
                parse(rs.getString("allowed_endpoints"), STRINGS),
                optionalLong(rs, "rpm"),
                optionalLong(rs, "tpm"),
                budget,
                Instant.ofEpochMilli(rs.getLong("created")),
                revokedAt,
                parse(rs.getString("metadata"), LABELS));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Lists and maps of strings always serialise", e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new LimitStoreException("A stored key has malformed JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** A unique constraint refusing the write is the caller's mistake; anything else is the database's. */
    private RuntimeException conflict(JdbiException e, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // PostgreSQL's unique_violation; SQLite's SQLITE_CONSTRAINT (the low byte of its extended codes)
            if (t instanceof SQLException sql
                    && ("23505".equals(sql.getSQLState()) || (sql.getErrorCode() & 0xff) == 19)) {
                return new IllegalArgumentException(message, e);
            }
        }
        return e;
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
            throw new LimitStoreException("Could not " + what + ": the key store " + describe() + " is closed");
        }
    }
}
