package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import java.util.List;

/**
 * A tiny SplitMix64 generator plus the hashing that seeds it. Every simulated decision draws from an
 * {@code Rng} seeded by a hash of what decides it, so the same input always gives the same outcome without
 * shared mutable state. Not thread-safe: one instance per call.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Standard normal, by Box–Muller (one of the pair is dropped: calls draw few of them). */
    double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Uniform in [0, 1) determined by {@code seed} alone. */
    static double unit(long seed) {
        return (mix(seed) >>> 11) * 0x1.0p-53;
    }

    /** The SplitMix64 finalizer: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Combines two hashes; order matters. */
    static long combine(long a, long b) {
        return mix(a * 31 + b + GOLDEN);
    }

    /** FNV-1a over the chars of {@code text}, without allocating. */
    static long hash(CharSequence text) {
        return hash(FNV_OFFSET, text);
    }

    static long hash(long h, CharSequence text) {
        if (text == null) {
            return (h ^ 0xFF) * FNV_PRIME;
        }
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * FNV_PRIME;
        }
        return (h ^ 0xFE) * FNV_PRIME; // a terminator, so ("ab","c") and ("a","bc") differ
    }

    /** A hash of the whole conversation: roles, text, images, tool calls and tool-call ids. */
    static long hashMessages(List<Message> messages) {
        long h = FNV_OFFSET;
        for (Message m : messages) {
            h = (h ^ m.role().ordinal()) * FNV_PRIME;
            for (ContentPart part : m.content()) {
                h = part instanceof ContentPart.Text t ? hash(h, t.text()) : hash(h, ((ContentPart.Image) part).url());
            }
            for (ToolCall call : m.toolCalls()) {
                h = hash(hash(hash(h, call.id()), call.name()), call.arguments());
            }
            h = hash(h, m.toolCallId());
        }
        return mix(h);
    }
}
