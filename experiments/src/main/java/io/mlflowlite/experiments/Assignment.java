package io.mlflowlite.experiments;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sticky weighted assignment: the unit key hashed with the experiment's name to a bucket of 0 to 9,999. */
final class Assignment {
    private Assignment() {}

    /** The bucket of {@code key} in experiment {@code salt}: 64-bit FNV-1a of the UTF-8 bytes, then a SplitMix64 finaliser. */
    static int bucket(String salt, String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (salt + '\u0000' + key).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) Long.remainderUnsigned(h, Variant.ALL);
    }

    /** The variant owning {@code bucket} when the weights are laid end to end in order. */
    static Variant variant(List<Variant> variants, int bucket) {
        int upTo = 0;
        for (Variant v : variants) {
            upTo += v.weightBps();
            if (bucket < upTo) {
                return v;
            }
        }
        return variants.get(variants.size() - 1);
    }
}
