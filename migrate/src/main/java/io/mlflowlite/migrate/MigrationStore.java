package io.mlflowlite.migrate;

import java.util.List;
import java.util.Optional;

/**
 * Where migrations and their events live: SQLite or PostgreSQL (module {@code store}, schema V8), or memory. A
 * migration is written only over the version it was read at, in one transaction with the event that explains the
 * change, so a crashed run leaves either the step done and recorded, or neither. Implementations are thread-safe;
 * every method blocks on I/O and throws {@link MigrationStoreException} saying what to fix when the store fails.
 */
public interface MigrationStore extends AutoCloseable {
    /**
     * Stores a new migration (version 1) and its first event.
     *
     * @throws MigrationStoreException when a migration with that id exists
     */
    void create(Migration migration, MigrationEvent created);

    /** The migration with {@code id}. */
    Optional<Migration> get(String id);

    /** Every migration, newest first. */
    List<Migration> list();

    /**
     * Replaces the stored migration with {@code next} and appends {@code event}, in one transaction, only if the
     * stored version is still {@code next.version() - 1}.
     *
     * @return false when another writer changed it first (nothing is written)
     */
    boolean update(Migration next, MigrationEvent event);

    /** Appends an event without changing the migration (a rollout stage seen, a wait that timed out). */
    void record(MigrationEvent event);

    /** The migration's events, oldest first. */
    List<MigrationEvent> events(String id);

    /** A short description for messages: {@code sqlite:mlflowlite.db}. */
    String describe();

    @Override
    void close();
}
