package io.mlflowlite.limits;

import io.mlflowlite.time.TimeSource;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, authenticates, changes and revokes virtual API keys over a {@link KeyStore}. Thread-safe; share one
 * per process.
 *
 * <h2>Secrets and hashing</h2>
 * A key is {@code mlk-} and 43 URL-safe characters: 256 bits from {@link SecureRandom}. Only the SHA-256 of the
 * whole string is stored. A fast, unsalted hash is right here, and bcrypt/scrypt/argon2 would be wrong: those
 * exist to make guessing <em>low-entropy passwords</em> from a stolen hash expensive, but nobody can enumerate
 * 2<sup>256</sup> random keys at any hash speed, so slowness buys nothing; it would cost tens of milliseconds of
 * CPU on <em>every request</em>, and a salted hash could not be looked up by value, so each request would have to
 * try every stored key. SHA-256 makes the stored hash a lookup key and keeps authentication in microseconds.
 *
 * <h2>Comparison</h2>
 * {@link #authenticate} finds the candidate by the presented key's hash, then compares the two 32-byte digests
 * with {@link MessageDigest#isEqual} (constant time), so the decision never rests on a short-circuiting string
 * comparison. The lookup itself can only leak timing about <em>hashes</em>, which an attacker cannot steer toward
 * a real key's hash without inverting SHA-256.
 *
 * <h2>Caching</h2>
 * Keys found by {@link #authenticate} and {@link #get} are cached for {@link Builder#cacheTtl} (5 s by default),
 * so the request path does not wait on the database. This process sees its own revocations and changes at once;
 * another replica sees them within the TTL. Unknown keys are not cached.
 */
public final class KeyService {
    private final KeyStore store;
    private final TimeSource time;
    private final long ttlNanos;
    private final Secrets secrets;
    private final Map<String, Cached> byHash = new ConcurrentHashMap<>();
    private final Map<String, Cached> byId = new ConcurrentHashMap<>();

    private record Cached(VirtualKey key, long expiresNanos) {}

    private KeyService(Builder b) {
        this.store = b.store;
        this.time = b.time;
        this.ttlNanos = b.cacheTtl.toNanos();
        this.secrets = new Secrets(b.random);
    }

    /** A service over {@code store} with the defaults: system clock, 5 s cache. */
    public static KeyService of(KeyStore store) {
        return builder(store).build();
    }

    public static Builder builder(KeyStore store) {
        return new Builder(store);
    }

    /**
     * Creates a key from {@code spec} and returns it with its secret, the only time the secret exists outside the
     * caller. Blocks on the store.
     *
     * @throws IllegalArgumentException when an active key already has this name
     */
    public CreatedKey create(KeySpec spec) {
        Objects.requireNonNull(spec, "spec");
        String secret = secrets.newSecret();
        VirtualKey key = new VirtualKey(
                secrets.newId(),
                spec.name(),
                Secrets.prefix(secret),
                Secrets.hex(Secrets.sha256(secret)),
                spec.allowedEndpoints(),
                spec.rpm(),
                spec.tpm(),
                spec.budget(),
                time.now(),
                Optional.empty(),
                spec.metadata());
        store.create(key);
        return new CreatedKey(key, secret);
    }

    /**
     * The active key whose secret is {@code presented} (as sent in {@code Authorization: Bearer …}); empty for
     * anything else: null, malformed, unknown or revoked, without saying which (the caller answers 401 either way).
     * Does not block when the key is cached; otherwise one store lookup.
     */
    public Optional<VirtualKey> authenticate(String presented) {
        if (presented == null || !presented.startsWith(Secrets.SCHEME) || presented.length() > Secrets.MAX_LENGTH) {
            return Optional.empty();
        }
        byte[] digest = Secrets.sha256(presented);
        String hash = Secrets.hex(digest);
        VirtualKey key = cached(byHash, hash);
        if (key == null) {
            key = store.findByHash(hash).orElse(null);
            if (key == null) {
                return Optional.empty();
            }
            remember(key);
        }
        if (!MessageDigest.isEqual(digest, Secrets.unhex(key.secretHash()))) {
            return Optional.empty();
        }
        return key.active() ? Optional.of(key) : Optional.empty();
    }

    /**
     * The key with this id, active or revoked, cached like {@link #authenticate} (the request path's lookup when
     * the server already authenticated the caller and passed the id on).
     */
    public Optional<VirtualKey> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        VirtualKey key = cached(byId, id);
        if (key != null) {
            return Optional.of(key);
        }
        Optional<VirtualKey> stored = store.get(id);
        stored.ifPresent(this::remember);
        return stored;
    }

    /** The key with id {@code idOrName}, else the active key with that name; uncached (for admin tools). */
    public Optional<VirtualKey> find(String idOrName) {
        Optional<VirtualKey> byTheId = store.get(idOrName);
        if (byTheId.isPresent()) {
            return byTheId;
        }
        return store.list().stream()
                .filter(k -> k.active() && k.name().equals(idOrName))
                .findFirst();
    }

    /** Every key, revoked ones included, newest first. Blocks on the store. */
    public List<VirtualKey> list() {
        return store.list();
    }

    /**
     * Revokes the key with id or active name {@code idOrName} and returns it as revoked. Takes effect at once in
     * this process, within the cache TTL in others.
     *
     * @throws IllegalArgumentException when there is no such key, or it was already revoked
     */
    public VirtualKey revoke(String idOrName) {
        VirtualKey key = find(idOrName).orElseThrow(() -> new IllegalArgumentException("No key '" + idOrName + "'"));
        if (!key.active()) {
            throw new IllegalArgumentException("Key '" + key.name() + "' (" + key.id() + ") was already revoked at "
                    + key.revoked().orElseThrow());
        }
        VirtualKey revoked = key.revokedAt(time.now());
        if (!store.revoke(key.id(), revoked.revoked().orElseThrow())) {
            throw new IllegalArgumentException("Key '" + key.name() + "' (" + key.id() + ") was revoked meanwhile");
        }
        forget(key);
        return revoked;
    }

    /**
     * Replaces the settings (name, endpoints, limits, budget, metadata) of the key with id or active name
     * {@code idOrName}; its secret stays valid. Returns the changed key.
     *
     * @throws IllegalArgumentException when there is no such key, or the new name is taken
     */
    public VirtualKey update(String idOrName, KeySpec spec) {
        VirtualKey key = find(idOrName).orElseThrow(() -> new IllegalArgumentException("No key '" + idOrName + "'"));
        VirtualKey changed = key.withSettings(spec);
        store.update(changed);
        forget(key);
        return changed;
    }

    /** The store the keys are in. */
    public KeyStore store() {
        return store;
    }

    private VirtualKey cached(Map<String, Cached> cache, String lookup) {
        Cached c = cache.get(lookup);
        if (c == null) {
            return null;
        }
        if (time.nanoTime() - c.expiresNanos() >= 0) {
            cache.remove(lookup, c);
            return null;
        }
        return c.key();
    }

    private void remember(VirtualKey key) {
        if (ttlNanos <= 0) {
            return;
        }
        Cached c = new Cached(key, time.nanoTime() + ttlNanos);
        byHash.put(key.secretHash(), c);
        byId.put(key.id(), c);
    }

    private void forget(VirtualKey key) {
        byHash.remove(key.secretHash());
        byId.remove(key.id());
    }

    /** Configures a {@link KeyService}. Not thread-safe. */
    public static final class Builder {
        private final KeyStore store;
        private TimeSource time = TimeSource.SYSTEM;
        private Duration cacheTtl = Duration.ofSeconds(5);
        private SecureRandom random;

        private Builder(KeyStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The clock for creation and revocation times and the cache; tests pass a fake one. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time);
            return this;
        }

        /** How long a looked-up key is trusted without asking the store again; zero disables the cache. */
        public Builder cacheTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must not be negative, was " + ttl);
            }
            this.cacheTtl = ttl;
            return this;
        }

        /** The source of secrets and ids; default a new {@link SecureRandom}. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public KeyService build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new KeyService(this);
        }
    }
}
