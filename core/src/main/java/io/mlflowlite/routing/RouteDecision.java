package io.mlflowlite.routing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link RouteStrategy} decided for one call, and why: the destination that serves it, a sentence for
 * people, and what the strategy measured. The gateway records the decision on the call's trace (span
 * attributes {@code mlflowlite.route.*}, and {@link #tags()} as trace tags so traces can be filtered by them),
 * returns its {@link #labels()} with the response, and hands it to {@code Gateway.smartCompletion} callers.
 * Immutable.
 *
 * @param destination  the endpoint that serves the call: one of the route's destinations, or a model name when
 *                     the strategy serves calls that named no route
 * @param model        the model behind the destination, {@code provider/model}; filled in by the router (a
 *                     strategy may leave it null)
 * @param strategy     the strategy's name ({@code smart}, {@code experiment})
 * @param reason       why, for people: {@code "multi-step arithmetic → tier hard → mock/pro"}
 * @param tier         the difficulty tier a smart strategy chose, or null
 * @param features     what the strategy measured on the request (name → number, boolean or text), in the
 *                     order it measured them; empty when it measured nothing
 * @param alternatives the choices it did not take, with their expected cost; empty when it weighed none
 * @param tags         labels for the trace and the response, such as {@code mlflowlite.experiment} and
 *                     {@code mlflowlite.variant}
 */
public record RouteDecision(
        String destination,
        String model,
        String strategy,
        String reason,
        String tier,
        Map<String, Object> features,
        List<Alternative> alternatives,
        Map<String, String> tags) {

    /** The {@link io.mlflowlite.pipeline.CallContext} attribute holding the decision of a strategy-routed call. */
    public static final String KEY = "mlflowlite.route.decision";

    public RouteDecision {
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("A route decision needs a destination");
        }
        features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The same decision with {@code model} as the model behind its destination. */
    public RouteDecision withModel(String value) {
        return new RouteDecision(destination, value, strategy, reason, tier, features, alternatives, tags);
    }

    /**
     * What the response carries of the decision (the server sends them as {@code x-mlflowlite-*} headers): the
     * strategy, the destination, the tier when there is one, and every tag with its {@code mlflowlite.} prefix
     * dropped ({@code experiment}, {@code variant}).
     */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("strategy", strategy);
        labels.put("destination", destination);
        if (tier != null) {
            labels.put("tier", tier);
        }
        tags.forEach((k, v) -> labels.put(k.startsWith("mlflowlite.") ? k.substring("mlflowlite.".length()) : k, v));
        return labels;
    }

    /**
     * A choice the strategy weighed and did not take.
     *
     * @param destination     the endpoint or model
     * @param model           its model, {@code provider/model}, or null when unknown
     * @param tier            the tier it serves, or null
     * @param expectedCostUsd what the call would be expected to cost there, or null when it has no price
     */
    public record Alternative(String destination, String model, String tier, BigDecimal expectedCostUsd) {}
}
