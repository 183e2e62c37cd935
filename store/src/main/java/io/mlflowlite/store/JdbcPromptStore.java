package io.mlflowlite.store;

import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStoreException;
import io.mlflowlite.prompt.PromptType;
import io.mlflowlite.prompt.PromptVersion;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Prompt versions and aliases in the {@code prompts}, {@code prompt_versions} and {@code prompt_aliases} tables of
 * SQLite or PostgreSQL (schema V3), shared by every replica that opens the same database. Registration is one
 * transaction that locks the prompt's row first, so concurrent registrations from any number of threads or
 * replicas number versions 1, 2, 3 … with no gap and no duplicate. Thread-safe; every method blocks on the
 * database. Failures of the database are {@link PromptStoreException}s.
 *
 * <p>Open it with {@link #open(String)}, or by URL through {@link io.mlflowlite.prompt.PromptStores#open}, which
 * finds {@link SqlPromptStoreProvider} with {@link java.util.ServiceLoader}.
 */
public final class JdbcPromptStore implements PromptStore {
    private final Database db;
    private volatile boolean closed;

    private JdbcPromptStore(Database db) {
        this.db = db;
    }

    /**
     * Opens the prompt store at {@code url} ({@code jdbc:sqlite:<file>}, a {@code .db} path, or
     * {@code jdbc:postgresql://…}), creating or upgrading the schema.
     *
     * @throws PromptStoreException naming the problem and its fix when the database cannot be used
     */
    public static JdbcPromptStore open(String url) {
        return new JdbcPromptStore(Database.open(StoreUrl.parse(url, Purpose.PROMPTS), Purpose.PROMPTS));
    }

    @Override
    public PromptVersion create(PromptDraft draft, Instant created) {
        String type = draft.template().type().key();
        return writing(
                "register a version of prompt '" + draft.name() + "'",
                h -> h.inTransaction(tx -> {
                    // The first write takes SQLite's database lock; on PostgreSQL the FOR UPDATE below takes the row
                    // lock.
                    tx.createUpdate("INSERT INTO prompts (name, type, created) VALUES (:name, :type, :created) "
                                    + "ON CONFLICT (name) DO NOTHING")
                            .bind("name", draft.name())
                            .bind("type", type)
                            .bind("created", created.toEpochMilli())
                            .execute();
                    String held = tx.createQuery("SELECT type FROM prompts WHERE name = :name"
                                    + db.dialect().forUpdate())
                            .bind("name", draft.name())
                            .mapTo(String.class)
                            .one();
                    if (!held.equals(type)) {
                        throw new IllegalArgumentException(
                                "Prompt '" + draft.name() + "' holds " + held + " templates, not " + type);
                    }
                    int next = tx.createQuery(
                                    "SELECT COALESCE(MAX(version), 0) + 1 FROM prompt_versions WHERE name = :name")
                            .bind("name", draft.name())
                            .mapTo(Integer.class)
                            .one();
                    PromptVersion version = draft.toVersion(next, created);
                    tx.createUpdate(
                                    "INSERT INTO prompt_versions (name, version, template, commit_message, tags, model_config, "
                                            + "response_format, created) VALUES (:name, :version, :template, :commit_message, :tags, "
                                            + ":model_config, :response_format, :created)")
                            .bind("name", version.name())
                            .bind("version", version.version())
                            .bind("template", PromptRows.template(version.template()))
                            .bind("commit_message", version.commitMessage())
                            .bind("tags", PromptRows.json(version.tags()))
                            .bind("model_config", PromptRows.json(version.modelConfig()))
                            .bind("response_format", PromptRows.responseFormat(version.responseFormat()))
                            .bind("created", created.toEpochMilli())
                            .execute();
                    return version;
                }));
    }

    @Override
    public Optional<PromptType> type(String name) {
        return reading(
                "read prompt '" + name + "'",
                h -> h.createQuery("SELECT type FROM prompts WHERE name = :name")
                        .bind("name", name)
                        .mapTo(String.class)
                        .findOne()
                        .map(PromptType::parse));
    }

    @Override
    public Optional<PromptVersion> get(String name, int version) {
        return reading(
                "read prompt '" + name + "' version " + version,
                h -> h.createQuery("SELECT " + PromptRows.COLUMNS + PromptRows.FROM
                                + " WHERE v.name = :name AND v.version = :version")
                        .bind("name", name)
                        .bind("version", version)
                        .map((rs, ctx) -> PromptRows.version(rs))
                        .findOne());
    }

    @Override
    public Optional<PromptVersion> latest(String name) {
        return reading(
                "read prompt '" + name + "'",
                h -> h.createQuery("SELECT " + PromptRows.COLUMNS + PromptRows.FROM
                                + " WHERE v.name = :name ORDER BY v.version DESC LIMIT 1")
                        .bind("name", name)
                        .map((rs, ctx) -> PromptRows.version(rs))
                        .findOne());
    }

    @Override
    public List<PromptVersion> versions(String name) {
        return reading(
                "list versions of prompt '" + name + "'",
                h -> h.createQuery("SELECT " + PromptRows.COLUMNS + PromptRows.FROM
                                + " WHERE v.name = :name ORDER BY v.version")
                        .bind("name", name)
                        .map((rs, ctx) -> PromptRows.version(rs))
                        .list());
    }

    @Override
    public List<String> names(String query) {
        String pattern = "%"
                + (query == null
                        ? ""
                        : query.toLowerCase(Locale.ROOT)
                                .replace("!", "!!")
                                .replace("%", "!%")
                                .replace("_", "!_"))
                + "%";
        return reading(
                "search prompts",
                h -> h.createQuery("SELECT p.name FROM prompts p WHERE LOWER(p.name) LIKE "
                                + ":pattern ESCAPE '!' AND EXISTS (SELECT 1 FROM prompt_versions v WHERE v.name = p.name) "
                                + "ORDER BY p.name")
                        .bind("pattern", pattern)
                        .mapTo(String.class)
                        .list());
    }

    @Override
    public void setAlias(String name, String alias, int version) {
        writing(
                "set alias '" + alias + "' of prompt '" + name + "'",
                h -> h.createUpdate("INSERT INTO prompt_aliases "
                                + "(name, alias, version) VALUES (:name, :alias, :version) ON CONFLICT (name, alias) "
                                + "DO UPDATE SET version = excluded.version")
                        .bind("name", name)
                        .bind("alias", alias)
                        .bind("version", version)
                        .execute());
    }

    @Override
    public boolean deleteAlias(String name, String alias) {
        return writing(
                        "delete alias '" + alias + "' of prompt '" + name + "'",
                        h -> h.createUpdate("DELETE FROM prompt_aliases WHERE name = :name AND alias = :alias")
                                .bind("name", name)
                                .bind("alias", alias)
                                .execute())
                == 1;
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        reading(
                "read aliases of prompt '" + name + "'",
                h -> h.createQuery("SELECT alias, version FROM prompt_aliases " + "WHERE name = :name ORDER BY alias")
                        .bind("name", name)
                        .map((rs, ctx) -> aliases.put(rs.getString("alias"), rs.getInt("version")))
                        .list());
        return Collections.unmodifiableMap(aliases);
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
        return "JdbcPromptStore[" + describe() + "]";
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
            throw new PromptStoreException("Could not " + what + ": the prompt store " + describe() + " is closed");
        }
    }
}
