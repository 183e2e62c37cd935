package io.mlflowlite.limits;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where virtual keys live: {@link InMemoryKeyStore} for one process, the store module's {@code JdbcKeyStore}
 * (SQLite, PostgreSQL) for keys that survive restarts and are shared by replicas. Implementations hold what
 * {@link VirtualKey} holds, the secret's hash and never the secret.
 *
 * <p>Contract: thread-safe; every method may block on I/O (the {@link KeyService} caches lookups in front of
 * it); failures of the backing store are {@link LimitStoreException}s.
 */
public interface KeyStore extends AutoCloseable {
    /**
     * Stores a new key.
     *
     * @throws IllegalArgumentException when its id or secret hash is taken, or an active key has its name
     */
    void create(VirtualKey key);

    /** The key, active or revoked, whose secret hashes to {@code secretHash} (lowercase hex SHA-256). */
    Optional<VirtualKey> findByHash(String secretHash);

    /** The key with this id, active or revoked. */
    Optional<VirtualKey> get(String id);

    /** Every key, revoked ones included, newest first. */
    List<VirtualKey> list();

    /**
     * Marks the key revoked at {@code when}. Returns false when there is no such key or it was already revoked
     * (then its revocation time is kept).
     */
    boolean revoke(String id, Instant when);

    /**
     * Replaces the name, allowed endpoints, limits, budget and metadata of the key with {@code key.id()}; its
     * secret hash, creation and revocation are kept.
     *
     * @throws IllegalArgumentException when there is no such key, or another active key has the new name
     */
    void update(VirtualKey key);

    /** Where the keys are, without credentials: {@code memory}, {@code sqlite:mlflowlite.db} … */
    String describe();

    /** Releases connections; idempotent. */
    @Override
    void close();
}
