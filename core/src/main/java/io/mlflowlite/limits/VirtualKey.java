package io.mlflowlite.limits;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A virtual API key as stored: who it is, what it may call, and its limits. It holds the SHA-256 of the secret,
 * never the secret itself, which exists only in the {@link CreatedKey} returned once by {@link KeyService#create}.
 *
 * @param id               stable id, {@code key-} and 24 hex digits; what limits, traces and the admin API refer to
 * @param name             unique among active keys, such as {@code team-a}
 * @param prefix           the first characters of the secret ({@code mlk-AbC123}), to recognise a key in lists and
 *                         logs; not enough to use it
 * @param secretHash       lowercase hex SHA-256 of the whole secret string
 * @param allowedEndpoints endpoint (or model) names this key may call; an entry ending in {@code *} allows every
 *                         name starting with what comes before it; empty allows all
 * @param rpm              requests per minute; empty is unlimited
 * @param tpm              tokens (prompt + completion) per minute; empty is unlimited
 * @param budget           the spending limit; empty is none
 * @param created          when it was created
 * @param revoked          when it was revoked; empty while it is active
 * @param metadata         the operator's labels (team, owner, ticket); never used for decisions
 */
public record VirtualKey(
        String id,
        String name,
        String prefix,
        String secretHash,
        List<String> allowedEndpoints,
        OptionalLong rpm,
        OptionalLong tpm,
        Optional<Budget> budget,
        Instant created,
        Optional<Instant> revoked,
        Map<String, String> metadata) {

    public VirtualKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(created, "created");
        allowedEndpoints = allowedEndpoints == null ? List.of() : List.copyOf(allowedEndpoints);
        rpm = rpm == null ? OptionalLong.empty() : rpm;
        tpm = tpm == null ? OptionalLong.empty() : tpm;
        budget = budget == null ? Optional.empty() : budget;
        revoked = revoked == null ? Optional.empty() : revoked;
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** Whether the key has not been revoked. */
    public boolean active() {
        return revoked.isEmpty();
    }

    /** Whether this key may call {@code endpoint}: no list, the name in the list, or a matching {@code prefix*}. */
    public boolean allows(String endpoint) {
        if (allowedEndpoints.isEmpty()) {
            return true;
        }
        if (endpoint == null) {
            return false;
        }
        for (String allowed : allowedEndpoints) {
            if (allowed.equals(endpoint)
                    || allowed.endsWith("*") && endpoint.startsWith(allowed.substring(0, allowed.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** This key revoked at {@code when}. */
    public VirtualKey revokedAt(Instant when) {
        return new VirtualKey(
                id, name, prefix, secretHash, allowedEndpoints, rpm, tpm, budget, created, Optional.of(when), metadata);
    }

    /** This key with the name, endpoints, limits, budget and metadata of {@code spec}; id, secret and dates kept. */
    public VirtualKey withSettings(KeySpec spec) {
        return new VirtualKey(
                id,
                spec.name(),
                prefix,
                secretHash,
                spec.allowedEndpoints(),
                spec.rpm(),
                spec.tpm(),
                spec.budget(),
                created,
                revoked,
                spec.metadata());
    }

    /** The settings of this key as a spec, to change some with {@link KeySpec#toBuilder()}. */
    public KeySpec settings() {
        return new KeySpec(name, allowedEndpoints, rpm, tpm, budget, metadata);
    }

    /** Id, name and prefix only: the hash stays out of logs. */
    @Override
    public String toString() {
        return "VirtualKey[" + id + " '" + name + "' " + prefix + "…" + (active() ? "" : " revoked") + "]";
    }
}
