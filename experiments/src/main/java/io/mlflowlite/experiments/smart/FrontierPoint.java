package io.mlflowlite.experiments.smart;

import java.util.Map;

/**
 * One point of the cost/quality frontier: a routing policy's mean cost per call and pass rate over the rows it was
 * measured on, and the share of calls it sent to each model. Immutable.
 *
 * @param name      what the point is: {@code router δ=0.050}, {@code router margin 0.03}, {@code mock/pro}, {@code oracle}, {@code random}
 * @param kind      {@code router}, {@code model} (always that model), {@code oracle} (the cheapest model that
 *                  answers each row correctly — the ceiling) or {@code random} (random routing at a router
 *                  point's model mix — the floor)
 * @param threshold the swept parameter of {@code router} and {@code random} points — the threshold δ in a
 *                  calibration's frontier, the calibration margin in a benchmark — else NaN
 * @param costUsd   mean cost per call, USD
 * @param quality   pass rate, 0–1
 * @param mix       model → share of calls, in cost order
 */
public record FrontierPoint(
        String name, String kind, double threshold, double costUsd, double quality, Map<String, Double> mix) {
    public FrontierPoint {
        mix = mix == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mix));
    }
}
