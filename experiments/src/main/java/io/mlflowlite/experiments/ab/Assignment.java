package io.mlflowlite.experiments.ab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sticky weighted assignment of units (a user id, a session id, or a per-request random id) to an experiment's
 * variants, computed from the unit key alone so every process, replica and language agrees without coordination.
 *
 * <p><b>The hash.</b> {@code h = fmix64(FNV-1a-64(utf8(salt) · 0x00 · utf8(key)))}: the 64-bit FNV-1a hash (offset
 * basis {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}) of the UTF-8 bytes of the salt, one zero byte and
 * the UTF-8 bytes of the key, then MurmurHash3's 64-bit finaliser {@code fmix64} (xor-shift 33, multiply by {@code
 * 0xff51afd7ed558ccd}, xor-shift 33, multiply by {@code 0xc4ceb9fe1a85ec53}, xor-shift 33) so that every input bit
 * reaches every output bit. The bucket is {@code h mod 10000} with {@code h} read as unsigned: basis-point
 * resolution, so a 1 % stage is exactly 100 buckets. No {@code String.hashCode} or other JVM-specific hashing is
 * involved. The salt (normally the experiment's name) makes assignments of different experiments independent.
 *
 * <p><b>The layout.</b> Variants take consecutive bucket ranges in the order given: the first variant buckets
 * {@code [0, w₁)}, the second {@code [w₁, w₁ + w₂)}, and so on. Put the variant whose share changes (the candidate
 * of a rollout) <em>first</em> and the one that absorbs the rest (control) last: then raising the candidate's
 * share from 1 % to 5 % to 25 % only adds buckets to it, so every unit already on the candidate stays there, and
 * lowering it only moves units back to control. {@link #rollout} builds exactly that layout.
 *
 * <p>Immutable and thread-safe.
 */
public final class Assignment {
    /** Number of buckets: 10000, one per basis point. */
    public static final int BUCKETS = 10_000;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final String salt;
    private final List<Variant> variants;
    private final int[] upperBounds; // exclusive end bucket of each variant

    private Assignment(String salt, List<Variant> variants) {
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("an assignment needs a salt (the experiment's name), got none");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("experiment " + salt + ": an assignment needs at least one variant");
        }
        Set<String> names = new HashSet<>();
        int[] bounds = new int[variants.size()];
        int sum = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("experiment " + salt + ": variant " + v.name() + " appears twice");
            }
            sum += v.basisPoints();
            bounds[i] = sum;
        }
        if (sum != BUCKETS) {
            throw new IllegalArgumentException("experiment " + salt + ": variant weights must add up to " + BUCKETS
                    + " basis points (100 %), got " + sum + " in " + variants);
        }
        this.salt = salt;
        this.variants = List.copyOf(variants);
        this.upperBounds = bounds;
    }

    /** An assignment over {@code variants} laid out in this order (weights must add up to 10000 bp). */
    public static Assignment of(String salt, List<Variant> variants) {
        return new Assignment(salt, new ArrayList<>(variants));
    }

    /**
     * A rollout's assignment: {@code candidate} gets {@code candidateBasisPoints} (laid first, so a growing share
     * keeps its units) and {@code control} the rest.
     */
    public static Assignment rollout(String salt, String candidate, String control, int candidateBasisPoints) {
        return new Assignment(
                salt,
                List.of(
                        new Variant(candidate, candidateBasisPoints),
                        new Variant(control, BUCKETS - candidateBasisPoints)));
    }

    /** The salt. */
    public String salt() {
        return salt;
    }

    /** The variants in layout order. */
    public List<Variant> variants() {
        return variants;
    }

    /** The variant of {@code unitKey} (deterministic: the same key always gets the same variant). */
    public String assign(String unitKey) {
        int bucket = bucket(salt, unitKey);
        for (int i = 0; i < upperBounds.length; i++) {
            if (bucket < upperBounds[i]) {
                return variants.get(i).name();
            }
        }
        throw new IllegalStateException("bucket " + bucket + " beyond " + BUCKETS); // unreachable: bounds end at 10000
    }

    /** The bucket (0..9999) of {@code unitKey} under {@code salt}. */
    public static int bucket(String salt, String unitKey) {
        return (int) Long.remainderUnsigned(hash64(salt, unitKey), BUCKETS);
    }

    /** The documented 64-bit hash of {@code salt} and {@code unitKey} (see the class comment). */
    public static long hash64(String salt, String unitKey) {
        if (unitKey == null) {
            throw new IllegalArgumentException("a unit key is required (user id, session id or request id)");
        }
        long h = FNV_OFFSET;
        for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h *= FNV_PRIME; // the zero separator byte: h ^ 0 == h
        for (byte b : unitKey.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return fmix64(h);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    @Override
    public String toString() {
        return "Assignment[" + salt + ", " + variants + "]";
    }
}
