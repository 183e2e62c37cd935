package io.mlflowlite.routing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A seeded generator safe for concurrent use without a lock: SplitMix64 (Steele, Lea and Flood, "Fast
 * splittable pseudorandom number generators", 2014), whose state is a counter advanced atomically and whose
 * output is a bijective mix of that counter. Good enough for traffic splitting, not for cryptography.
 */
final class SplitMixRandom implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private final AtomicLong state;

    SplitMixRandom(long seed) {
        this.state = new AtomicLong(seed);
    }

    @Override
    public long nextLong() {
        long z = state.addAndGet(GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
