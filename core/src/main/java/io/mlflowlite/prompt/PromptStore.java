package io.mlflowlite.prompt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where prompt versions and aliases live: {@link InMemoryPromptStore} for one process, the store module's
 * {@code JdbcPromptStore} (SQLite, PostgreSQL) for a registry shared by replicas. The
 * {@link PromptRegistry} validates names, aliases and versions and words the errors; a store only keeps data.
 *
 * <p>Contract: thread-safe; every method may block on I/O; failures of the backing store are
 * {@link PromptStoreException}s.
 */
public interface PromptStore extends AutoCloseable {
    /**
     * Stores {@code draft} as the name's next version, atomically: concurrent calls on one name, from any
     * thread or replica, get distinct consecutive numbers starting at 1, with no gap.
     *
     * @throws IllegalArgumentException when the name already holds templates of the other {@link PromptType}
     */
    PromptVersion create(PromptDraft draft, Instant created);

    /** The type of the templates under {@code name}, if it exists. */
    Optional<PromptType> type(String name);

    /** Version {@code version} of {@code name}. */
    Optional<PromptVersion> get(String name, int version);

    /** The newest version of {@code name}. */
    Optional<PromptVersion> latest(String name);

    /** Every version of {@code name}, oldest first; empty for an unknown name. */
    List<PromptVersion> versions(String name);

    /** Prompt names containing {@code query} (case-insensitive; empty matches all), sorted. */
    List<String> names(String query);

    /** Points {@code alias} of {@code name} at {@code version}, creating or moving it. */
    void setAlias(String name, String alias, int version);

    /** Removes the alias; false when it did not exist. */
    boolean deleteAlias(String name, String alias);

    /** The aliases of {@code name} and the versions they point at, sorted by alias. */
    Map<String, Integer> aliases(String name);

    /** Where the prompts are, without credentials: {@code memory}, {@code sqlite:mlflowlite.db} … */
    String describe();

    /** Releases connections; idempotent. */
    @Override
    void close();
}
