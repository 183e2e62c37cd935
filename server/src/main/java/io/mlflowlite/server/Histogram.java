package io.mlflowlite.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram with fixed bucket bounds: recording is lock-free and allocation-free (one
 * {@link LongAdder} per bucket, found by binary search), so it costs tens of nanoseconds on the request path.
 * Values are nanoseconds or plain counts; the exposition divides by {@code unit}. Thread-safe.
 */
final class Histogram {
    private final long[] upperBounds;
    private final LongAdder[] buckets;
    private final LongAdder sum = new LongAdder();

    /** @param upperBounds ascending bucket bounds in recorded units; {@code +Inf} is implied */
    Histogram(long[] upperBounds) {
        this.upperBounds = upperBounds.clone();
        this.buckets = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long value) {
        int low = 0;
        int high = upperBounds.length;
        while (low < high) { // first bound >= value; Prometheus buckets are "less than or equal"
            int mid = (low + high) >>> 1;
            if (upperBounds[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        buckets[low].increment();
        sum.add(value);
    }

    /**
     * Cumulative counts per bound, the last one being {@code +Inf} (and the total count). Read bucket by bucket
     * without a lock, so under concurrent recording it may lag by the few values being recorded, but it is
     * always monotonic and its total equals its {@code +Inf} bucket, as Prometheus requires.
     */
    long[] cumulativeCounts() {
        long[] counts = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            counts[i] = running;
        }
        return counts;
    }

    long sum() {
        return sum.sum();
    }

    long[] upperBounds() {
        return upperBounds.clone();
    }
}
