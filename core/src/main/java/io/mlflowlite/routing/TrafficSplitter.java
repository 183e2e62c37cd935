package io.mlflowlite.routing;

import io.mlflowlite.chat.ChatRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Picks which destination of a {@link Route} serves a call. The gateway asks once per call routed through
 * a route. The built-in splitters choose at random in proportion to the percentages; an A/B experiment can
 * plug in a sticky one (the same user always lands on the same destination) by hashing a key of the
 * request to a percentile and calling {@link Route#destinationAt(int)}.
 *
 * <p>Contract: thread-safe (called concurrently by every call), fast, no I/O, never throws for a valid
 * route (its percentages add up to 100).
 */
@FunctionalInterface
public interface TrafficSplitter {
    /** The destination of {@code route} that serves {@code request}. */
    Destination choose(Route route, ChatRequest request);

    /** Weighted random choice on each thread's own generator: no shared state, no contention. The default. */
    static TrafficSplitter weighted() {
        return (route, request) ->
                route.destinationAt(ThreadLocalRandom.current().nextInt(100));
    }

    /**
     * Weighted random choice reproducible from {@code seed}: a single-threaded sequence of calls always gets
     * the same destinations. Lock-free and safe for concurrent use (concurrent calls then interleave the
     * sequence).
     */
    static TrafficSplitter weighted(long seed) {
        return weighted(new SplitMixRandom(seed));
    }

    /**
     * Weighted random choice on {@code random}, which is called concurrently: pass a thread-safe generator
     * (most {@link RandomGenerator#of} algorithms are not).
     */
    static TrafficSplitter weighted(RandomGenerator random) {
        return (route, request) -> route.destinationAt(random.nextInt(100));
    }
}
