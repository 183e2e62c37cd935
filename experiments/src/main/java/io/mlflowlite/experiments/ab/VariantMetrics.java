package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.MapValues;
import io.mlflowlite.experiments.stats.Moments;
import io.mlflowlite.experiments.stats.QuantileSketch;
import io.mlflowlite.experiments.stats.Sample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregate of one variant's {@link Observation}s: call count, error and fallback counts, latency (moments and
 * a {@link QuantileSketch}: p50/p95 within 1 % relative error), cost and token moments, and per named score its
 * moments (a pass/fail score's mean is the pass rate). Every part is mergeable ({@link #merge}: replicas, pages or
 * periods combine exactly) and the whole round-trips through a JSON-friendly map ({@link #toMap}, {@link #fromMap})
 * so an integrator can persist aggregates instead of observations. Latency covers every call, failed ones
 * included.
 *
 * <p>Not thread-safe: one writer at a time, or one accumulator per thread merged when read.
 */
public final class VariantMetrics {
    private long count;
    private long errors;
    private long fallbacks;
    private final Moments latency;
    private final QuantileSketch latencySketch;
    private final Moments cost;
    private final Moments tokensIn;
    private final Moments tokensOut;
    private final Map<String, Moments> scores;
    private final Map<String, Boolean> passFail;

    /** An empty aggregate. */
    public VariantMetrics() {
        this(
                0,
                0,
                0,
                new Moments(),
                new QuantileSketch(),
                new Moments(),
                new Moments(),
                new Moments(),
                Map.of(),
                Map.of());
    }

    private VariantMetrics(
            long count,
            long errors,
            long fallbacks,
            Moments latency,
            QuantileSketch latencySketch,
            Moments cost,
            Moments tokensIn,
            Moments tokensOut,
            Map<String, Moments> scores,
            Map<String, Boolean> passFail) {
        this.count = count;
        this.errors = errors;
        this.fallbacks = fallbacks;
        this.latency = latency;
        this.latencySketch = latencySketch;
        this.cost = cost;
        this.tokensIn = tokensIn;
        this.tokensOut = tokensOut;
        this.scores = new TreeMap<>(scores);
        this.passFail = new TreeMap<>(passFail);
    }

    /** Adds one served call. */
    public void record(Observation o) {
        count++;
        if (o.error()) {
            errors++;
        }
        if (o.fallback()) {
            fallbacks++;
        }
        latency.add(o.latencyMs());
        latencySketch.add(o.latencyMs());
        cost.add(o.costUsd());
        tokensIn.add((double) o.tokensIn());
        tokensOut.add((double) o.tokensOut());
        for (Map.Entry<String, Score> e : o.scores().entrySet()) {
            Boolean known = passFail.putIfAbsent(e.getKey(), e.getValue().passFail());
            if (known != null && known != e.getValue().passFail()) {
                throw new IllegalArgumentException("score " + e.getKey() + " was recorded as "
                        + (known ? "pass/fail" : "numeric") + " before; one name must keep one kind");
            }
            scores.computeIfAbsent(e.getKey(), k -> new Moments())
                    .add(e.getValue().value());
        }
    }

    /** Adds everything {@code other} holds (which is left unchanged). */
    public void merge(VariantMetrics other) {
        for (Map.Entry<String, Boolean> e : other.passFail.entrySet()) {
            Boolean known = passFail.get(e.getKey());
            if (known != null && !known.equals(e.getValue())) {
                throw new IllegalArgumentException(
                        "score " + e.getKey() + " is pass/fail in one aggregate and numeric in the other");
            }
        }
        count += other.count;
        errors += other.errors;
        fallbacks += other.fallbacks;
        latency.merge(other.latency);
        latencySketch.merge(other.latencySketch);
        cost.merge(other.cost);
        tokensIn.merge(other.tokensIn);
        tokensOut.merge(other.tokensOut);
        passFail.putAll(other.passFail);
        other.scores.forEach(
                (name, m) -> scores.computeIfAbsent(name, k -> new Moments()).merge(m));
    }

    /** A copy that evolves independently. */
    public VariantMetrics copy() {
        VariantMetrics c = new VariantMetrics();
        c.merge(this);
        return c;
    }

    /** Number of calls recorded. */
    public long count() {
        return count;
    }

    /** Number of failed calls. */
    public long errors() {
        return errors;
    }

    /** Number of calls answered by a fallback. */
    public long fallbacks() {
        return fallbacks;
    }

    /** Failed calls as a proportion (for the statistics). */
    public Sample errorRate() {
        return Sample.proportion(errors, count);
    }

    /** Fallback-answered calls as a proportion. */
    public Sample fallbackRate() {
        return Sample.proportion(fallbacks, count);
    }

    /** Latency in ms: moments (a copy). */
    public Moments latency() {
        return latency.copy();
    }

    /** Latency's {@code q}-quantile in ms within 1 % relative error; {@code NaN} when empty. */
    public double latencyQuantile(double q) {
        return latencySketch.quantile(q);
    }

    /** Latency p50 in ms (within 1 %). */
    public double latencyP50() {
        return latencySketch.quantile(0.5);
    }

    /** Latency p95 in ms (within 1 %). */
    public double latencyP95() {
        return latencySketch.quantile(0.95);
    }

    /** How many calls took longer than {@code ms} (calls within 1 % of it may be counted as not longer). */
    public long latencyCountAbove(double ms) {
        return latencySketch.countAbove(ms);
    }

    /** Cost per call in USD: moments (a copy). */
    public Moments cost() {
        return cost.copy();
    }

    /** Prompt tokens per call: moments (a copy). */
    public Moments tokensIn() {
        return tokensIn.copy();
    }

    /** Completion tokens per call: moments (a copy). */
    public Moments tokensOut() {
        return tokensOut.copy();
    }

    /** The names of the scores recorded so far. */
    public Set<String> scoreNames() {
        return Set.copyOf(scores.keySet());
    }

    /** Score {@code name}'s moments (a copy; empty when never recorded). */
    public Moments score(String name) {
        Moments m = scores.get(name);
        return m == null ? new Moments() : m.copy();
    }

    /** Whether score {@code name} is pass/fail (false when numeric or never recorded). */
    public boolean passFail(String name) {
        return Boolean.TRUE.equals(passFail.get(name));
    }

    /**
     * A JSON-friendly map of numbers, booleans, strings and nested maps: {@code count, errors, fallbacks,
     * latency{moments, sketch}, cost, tokensIn, tokensOut, scores{name: {passFail, moments}}}; {@link #fromMap}
     * reads it back exactly.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("errors", errors);
        map.put("fallbacks", fallbacks);
        map.put("latency", latency.toMap());
        map.put("latencySketch", latencySketch.toMap());
        map.put("cost", cost.toMap());
        map.put("tokensIn", tokensIn.toMap());
        map.put("tokensOut", tokensOut.toMap());
        Map<String, Object> scoreMap = new LinkedHashMap<>();
        scores.forEach((name, m) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("passFail", passFail.get(name));
            one.put("moments", m.toMap());
            scoreMap.put(name, one);
        });
        map.put("scores", scoreMap);
        return map;
    }

    /** Reads what {@link #toMap} wrote (e.g. after a JSON round trip); a clear error names what is missing. */
    public static VariantMetrics fromMap(Map<String, ?> map) {
        Map<String, Moments> scores = new TreeMap<>();
        Map<String, Boolean> passFail = new TreeMap<>();
        Map<String, ?> stored = MapValues.map(map, "scores");
        for (String name : stored.keySet()) {
            Map<String, ?> one = MapValues.map(stored, name);
            passFail.put(name, Boolean.parseBoolean(String.valueOf(one.get("passFail"))));
            scores.put(name, Moments.fromMap(MapValues.map(one, "moments")));
        }
        return new VariantMetrics(
                MapValues.number(map, "count").longValue(),
                MapValues.number(map, "errors").longValue(),
                MapValues.number(map, "fallbacks").longValue(),
                Moments.fromMap(MapValues.map(map, "latency")),
                QuantileSketch.fromMap(MapValues.map(map, "latencySketch")),
                Moments.fromMap(MapValues.map(map, "cost")),
                Moments.fromMap(MapValues.map(map, "tokensIn")),
                Moments.fromMap(MapValues.map(map, "tokensOut")),
                scores,
                passFail);
    }
}
