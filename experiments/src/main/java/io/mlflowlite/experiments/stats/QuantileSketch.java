package io.mlflowlite.experiments.stats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mergeable quantile sketch for positive values such as latencies: logarithmic buckets of relative width
 * {@value #RELATIVE_ACCURACY} (the DDSketch layout, with {@code γ = (1 + a)/(1 − a)} and bucket {@code i} holding
 * {@code (γ^(i−1), γ^i]}). Any quantile it returns is within 1 % (relative) of a value whose rank is the requested
 * one, whatever the distribution and however many values; two sketches merge exactly by adding bucket counts.
 * Values {@code <= 1e-9} (zero latency) are counted in a zero bucket. Memory: one {@code long} per bucket between
 * the smallest and largest value seen, about 115 buckets per factor of 10 (1 ms to 10 min: about 670).
 *
 * <p>Not thread-safe: one writer at a time (or one per thread, then {@link #merge}).
 */
public final class QuantileSketch {
    /** The relative accuracy of every quantile: 1 %. */
    public static final double RELATIVE_ACCURACY = 0.01;

    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final double MIN_POSITIVE = 1e-9;

    private long[] counts = new long[0];
    private int offset; // bucket index of counts[0]
    private long zeros;
    private long total;

    /** An empty sketch. */
    public QuantileSketch() {}

    /** Adds one value (finite, {@code >= 0}). */
    public void add(double value) {
        add(value, 1);
    }

    private void add(double value, long times) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a sketched value must be finite and >= 0, got " + value);
        }
        total += times;
        if (value <= MIN_POSITIVE) {
            zeros += times;
            return;
        }
        int index = index(value);
        ensure(index);
        counts[index - offset] += times;
    }

    private static int index(double value) {
        return (int) Math.ceil(Math.log(value) / LOG_GAMMA);
    }

    private static double valueOf(int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }

    private void ensure(int index) {
        if (counts.length == 0) {
            counts = new long[16];
            offset = index - 8;
            return;
        }
        if (index < offset) {
            int grow = Math.max(offset - index, counts.length / 2);
            long[] bigger = new long[counts.length + grow];
            System.arraycopy(counts, 0, bigger, grow, counts.length);
            counts = bigger;
            offset -= grow;
        } else if (index >= offset + counts.length) {
            int grow = Math.max(index - offset - counts.length + 1, counts.length / 2);
            counts = Arrays.copyOf(counts, counts.length + grow);
        }
    }

    /** Adds everything {@code other} holds (which is left unchanged). */
    public void merge(QuantileSketch other) {
        zeros += other.zeros;
        total += other.zeros;
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] > 0) {
                int index = other.offset + i;
                ensure(index);
                counts[index - offset] += other.counts[i];
                total += other.counts[i];
            }
        }
    }

    /** A copy that evolves independently. */
    public QuantileSketch copy() {
        QuantileSketch c = new QuantileSketch();
        c.merge(this);
        return c;
    }

    /** How many values were added. */
    public long count() {
        return total;
    }

    /**
     * The {@code q}-quantile ({@code 0 <= q <= 1}) within 1 % relative error: the value of rank {@code floor(q·(n
     * − 1))} (0-based) in sorted order. {@code NaN} when empty.
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile needs 0 <= q <= 1, got " + q);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.floor(q * (total - 1));
        long seen = zeros;
        if (rank < seen) {
            return 0;
        }
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (rank < seen) {
                return valueOf(offset + i);
            }
        }
        return valueOf(offset + counts.length - 1);
    }

    /**
     * How many values exceed {@code threshold}: exact except for values within 1 % of the threshold (which share
     * its bucket and are counted as not exceeding it).
     */
    public long countAbove(double threshold) {
        if (total == 0) {
            return 0;
        }
        if (threshold <= MIN_POSITIVE) {
            return total - zeros;
        }
        int index = index(threshold);
        long above = 0;
        for (int i = Math.max(0, index - offset + 1); i < counts.length; i++) {
            above += counts[i];
        }
        return above;
    }

    /**
     * A JSON-friendly map: {@code {"accuracy": 0.01, "zeros": n, "buckets": {"index": count, ...}}} (only
     * non-empty buckets, keys as strings), which {@link #fromMap} reads back exactly.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> buckets = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                buckets.put(Integer.toString(offset + i), counts[i]);
            }
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accuracy", RELATIVE_ACCURACY);
        map.put("zeros", zeros);
        map.put("buckets", buckets);
        return map;
    }

    /** Reads what {@link #toMap} wrote; refuses a sketch written with another accuracy. */
    public static QuantileSketch fromMap(Map<String, ?> map) {
        double accuracy = MapValues.number(map, "accuracy").doubleValue();
        if (accuracy != RELATIVE_ACCURACY) {
            throw new IllegalArgumentException("this sketch was written with relative accuracy " + accuracy
                    + ", this version reads only " + RELATIVE_ACCURACY);
        }
        QuantileSketch s = new QuantileSketch();
        long zeros = MapValues.number(map, "zeros").longValue();
        s.zeros = zeros;
        s.total = zeros;
        for (Map.Entry<String, ?> e : MapValues.map(map, "buckets").entrySet()) {
            int index;
            try {
                index = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("a sketch bucket key must be an integer, got " + e.getKey(), ex);
            }
            if (!(e.getValue() instanceof Number number) || number.longValue() < 0) {
                throw new IllegalArgumentException(
                        "a sketch bucket count must be a number >= 0, got " + e.getValue() + " under " + e.getKey());
            }
            long count = number.longValue();
            if (count < 0) {
                throw new IllegalArgumentException("a sketch bucket count must be >= 0, got " + count);
            }
            s.ensure(index);
            s.counts[index - s.offset] += count;
            s.total += count;
        }
        return s;
    }
}
