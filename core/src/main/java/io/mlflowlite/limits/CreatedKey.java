package io.mlflowlite.limits;

import java.util.Objects;

/**
 * A key just created: the stored {@link VirtualKey} and the secret, which exists nowhere else. Show it to the
 * operator once; it cannot be recovered, only replaced by a new key.
 *
 * @param key    the stored key (hash only)
 * @param secret the key to give to the client: {@code mlk-} and 43 URL-safe characters (256 random bits)
 */
public record CreatedKey(VirtualKey key, String secret) {
    public CreatedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    /** Leaves the secret out, so logging a created key does not leak it. */
    @Override
    public String toString() {
        return "CreatedKey[" + key + "]";
    }
}
