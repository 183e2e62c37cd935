package io.mlflowlite.limits;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in this process's memory, gone when it exits: for tests, the library, and a single gateway that creates
 * its keys at start-up. Thread-safe; lookups never block, changes take a lock.
 */
public final class InMemoryKeyStore implements KeyStore {
    private final Map<String, VirtualKey> byId = new ConcurrentHashMap<>();
    private final Map<String, VirtualKey> byHash = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(VirtualKey key) {
        if (byId.containsKey(key.id()) || byHash.containsKey(key.secretHash())) {
            throw new IllegalArgumentException("A key with id " + key.id() + " or the same secret already exists");
        }
        checkNameFree(key);
        byId.put(key.id(), key);
        byHash.put(key.secretHash(), key);
    }

    @Override
    public Optional<VirtualKey> findByHash(String secretHash) {
        return Optional.ofNullable(byHash.get(secretHash));
    }

    @Override
    public Optional<VirtualKey> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<VirtualKey> list() {
        return byId.values().stream()
                .sorted(Comparator.comparing(VirtualKey::created).reversed().thenComparing(VirtualKey::id))
                .toList();
    }

    @Override
    public synchronized boolean revoke(String id, Instant when) {
        VirtualKey key = byId.get(id);
        if (key == null || !key.active()) {
            return false;
        }
        put(key.revokedAt(when));
        return true;
    }

    @Override
    public synchronized void update(VirtualKey key) {
        VirtualKey old = byId.get(key.id());
        if (old == null) {
            throw new IllegalArgumentException("No key with id " + key.id());
        }
        if (old.active()) {
            checkNameFree(key);
        }
        put(new VirtualKey(
                old.id(),
                key.name(),
                old.prefix(),
                old.secretHash(),
                key.allowedEndpoints(),
                key.rpm(),
                key.tpm(),
                key.budget(),
                old.created(),
                old.revoked(),
                key.metadata()));
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}

    private void put(VirtualKey key) {
        byId.put(key.id(), key);
        byHash.put(key.secretHash(), key);
    }

    private void checkNameFree(VirtualKey key) {
        for (VirtualKey other : byId.values()) {
            if (other.active() && other.name().equals(key.name()) && !other.id().equals(key.id())) {
                throw new IllegalArgumentException("An active key is already named '" + key.name() + "'");
            }
        }
    }
}
