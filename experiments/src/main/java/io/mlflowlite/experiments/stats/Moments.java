package io.mlflowlite.experiments.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running count, mean, variance (Welford's update), minimum and maximum of a stream of numbers, mergeable with
 * another accumulator (Chan et al.'s pairwise combination, exact up to rounding), so aggregates kept by replicas
 * or per page can be combined in any order.
 *
 * <p>Not thread-safe: one writer at a time (guard it, or keep one per thread and {@link #merge} them).
 */
public final class Moments {
    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean binary = true;

    /** An empty accumulator. */
    public Moments() {}

    /** Adds one finite value. */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("a metric value must be finite, got " + x);
        }
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
        min = Math.min(min, x);
        max = Math.max(max, x);
        if (x != 0 && x != 1) {
            binary = false;
        }
    }

    /** Adds everything {@code other} holds (which is left unchanged). */
    public void merge(Moments other) {
        if (other.n == 0) {
            return;
        }
        if (n == 0) {
            n = other.n;
            mean = other.mean;
            m2 = other.m2;
            min = other.min;
            max = other.max;
            binary = other.binary;
            return;
        }
        long total = n + other.n;
        double delta = other.mean - mean;
        mean += delta * other.n / total;
        m2 += other.m2 + delta * delta * ((double) n * other.n / total);
        n = total;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        binary &= other.binary;
    }

    /** A copy that evolves independently. */
    public Moments copy() {
        Moments c = new Moments();
        c.merge(this);
        return c;
    }

    /** How many values were added. */
    public long count() {
        return n;
    }

    /** Their mean (0 when empty). */
    public double mean() {
        return mean;
    }

    /** Their sum. */
    public double sum() {
        return mean * n;
    }

    /** Their unbiased sample variance (0 with fewer than two values). */
    public double variance() {
        return n < 2 ? 0 : Math.max(0, m2 / (n - 1));
    }

    /** The smallest value ({@code +Infinity} when empty). */
    public double min() {
        return min;
    }

    /** The largest value ({@code −Infinity} when empty). */
    public double max() {
        return max;
    }

    /** Whether every value so far was 0 or 1 (a proportion). */
    public boolean binary() {
        return binary;
    }

    /** The summary the tests read: {@link Sample} with {@code binary} as observed. */
    public Sample sample() {
        return new Sample(n, mean, variance(), binary && n > 0);
    }

    /**
     * A JSON-friendly map ({@code n, mean, m2, min, max, binary}; min/max absent when empty) that {@link
     * #fromMap} reads back exactly.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("n", n);
        map.put("mean", mean);
        map.put("m2", m2);
        if (n > 0) {
            map.put("min", min);
            map.put("max", max);
        }
        map.put("binary", binary);
        return map;
    }

    /** Reads what {@link #toMap} wrote (numbers may come back as any {@link Number}, e.g. from a JSON parser). */
    public static Moments fromMap(Map<String, ?> map) {
        Moments m = new Moments();
        m.n = MapValues.number(map, "n").longValue();
        m.mean = MapValues.number(map, "mean").doubleValue();
        m.m2 = MapValues.number(map, "m2").doubleValue();
        if (m.n > 0) {
            m.min = MapValues.number(map, "min").doubleValue();
            m.max = MapValues.number(map, "max").doubleValue();
        }
        Object binary = map.get("binary");
        m.binary = binary == null || Boolean.parseBoolean(binary.toString());
        if (m.n < 0 || m.m2 < 0) {
            throw new IllegalArgumentException("moments need n >= 0 and m2 >= 0, got " + map);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Moments[n=" + n + ", mean=" + mean + ", variance=" + variance() + "]";
    }
}
