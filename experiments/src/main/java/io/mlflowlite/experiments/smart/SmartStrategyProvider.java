package io.mlflowlite.experiments.smart;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.cost.ModelPrice;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RouteDecision;
import io.mlflowlite.routing.RouteStrategy;
import io.mlflowlite.routing.RouteStrategyProvider;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code smart} route strategy: each call goes to the tier a {@link SmartRouter} picks for it, and the tier's
 * destination serves it. Registered with {@link java.util.ServiceLoader}.
 *
 * <p>A route's {@code strategy_config}:
 *
 * <pre>
 * tiers:            # required: every tier of the table → one of the route's destinations
 *   easy: cheap
 *   medium: mid
 *   hard: strong
 *   expert: strong
 * table: routing-table.json   # optional: a table written by RoutingTable.write; default the bundled one
 * threshold: 0.05             # optional: override the table's δ (larger is cheaper)
 * </pre>
 *
 * Without a route ({@code Gateway.smartCompletion} with a plain request), the bundled table's tiers name the
 * simulated models directly. Decisions need no I/O. Thread-safe.
 */
public final class SmartStrategyProvider implements RouteStrategyProvider {
    /** The strategy's name in {@code routing_strategy}. */
    public static final String NAME = "smart";

    private static final int DEFAULT_OUTPUT_TOKENS = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RouteStrategy create(Route route, Context context) {
        JsonNode config = route.strategyConfig();
        RoutingTable table = table(config);
        if (table.embeddingModel().isPresent()) {
            throw new IllegalArgumentException(
                    "table: was trained on " + table.embeddingModel().get()
                            + " embeddings, which a configured route cannot compute; calibrate it without an embedder for "
                            + "a route, or route in code with SmartRouter.of(table, embedder)");
        }
        JsonNode tiers = config.path("tiers");
        Set<String> destinations = new LinkedHashSet<>();
        for (Destination d : route.destinations()) {
            destinations.add(d.name());
        }
        if (!tiers.isObject() || tiers.isEmpty()) {
            throw new IllegalArgumentException(
                    "tiers: required, a mapping from each tier (" + String.join(", ", table.tierNames())
                            + ") to one of the route's destinations (" + String.join(", ", destinations)
                            + ")");
        }
        Map<String, String> byTier = new LinkedHashMap<>();
        for (var e : tiers.properties()) {
            if (table.tier(e.getKey()).isEmpty()) {
                throw new IllegalArgumentException("tiers." + e.getKey() + ": the routing table has no such tier; its "
                        + "tiers are " + String.join(", ", table.tierNames()));
            }
            String dest = e.getValue().asText("");
            if (!destinations.contains(dest)) {
                throw new IllegalArgumentException("tiers." + e.getKey() + ": '" + dest + "' is not a destination of "
                        + "this route; use one of " + String.join(", ", destinations));
            }
            byTier.put(e.getKey(), dest);
        }
        List<String> missing = new ArrayList<>(table.tierNames());
        missing.removeAll(byTier.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("tiers: " + String.join(", ", missing) + " not mapped; map every tier "
                    + "of the table (" + String.join(", ", table.tierNames()) + ") to a destination");
        }
        Map<String, String> models = new LinkedHashMap<>();
        byTier.forEach((tier, dest) -> models.put(dest, context.endpointModels().get(dest)));
        return strategy(SmartRouter.of(table), byTier, models, context);
    }

    @Override
    public Optional<RouteStrategy> standalone(Context context) {
        RoutingTable table = RoutingTable.bundled();
        Map<String, String> byTier = new LinkedHashMap<>();
        Map<String, String> models = new LinkedHashMap<>();
        for (Tier t : table.tiers()) {
            byTier.put(t.name(), t.model());
            models.put(t.model(), t.model());
        }
        return Optional.of(strategy(SmartRouter.of(table), byTier, models, context));
    }

    private static RoutingTable table(JsonNode config) {
        JsonNode t = config.path("table");
        RoutingTable table;
        if (t.isMissingNode() || t.isNull()) {
            table = RoutingTable.bundled();
        } else if (t.isTextual()) {
            table = RoutingTable.read(Path.of(t.asText()));
        } else if (t.isObject()) {
            table = RoutingTable.fromJson(t);
        } else {
            throw new IllegalArgumentException(
                    "table: a path to a routing table written by `mlflowlite route calibrate`, or the table inline");
        }
        JsonNode threshold = config.path("threshold");
        if (!threshold.isMissingNode()) {
            if (!threshold.isNumber()) {
                throw new IllegalArgumentException("threshold: a number from 0 to 1 (larger routes more calls to "
                        + "cheaper tiers), got " + threshold);
            }
            table = table.withThreshold(threshold.asDouble());
        }
        return table;
    }

    private static RouteStrategy strategy(
            SmartRouter router, Map<String, String> byTier, Map<String, String> models, Context context) {
        RoutingTable table = router.table();
        List<Tier> tiers = table.tiers();
        return request -> decide(router, tiers, byTier, models, context, request);
    }

    private static RouteDecision decide(
            SmartRouter router,
            List<Tier> tiers,
            Map<String, String> byTier,
            Map<String, String> models,
            Context context,
            ChatRequest request) {
        SmartRouter.Choice choice = router.choose(request);
        Tier tier = tiers.get(choice.tier());
        String destination = byTier.get(tier.name());
        String model = models.get(destination);
        Map<String, Object> features = new LinkedHashMap<>(choice.features().asMap());
        features.put("expected_quality", Math.round(choice.expectedQuality()[choice.tier()] * 1000) / 1000.0);
        List<RouteDecision.Alternative> alternatives = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(destination);
        for (Tier t : tiers) {
            String dest = byTier.get(t.name());
            if (seen.add(dest)) {
                String m = models.get(dest);
                alternatives.add(new RouteDecision.Alternative(
                        dest,
                        m,
                        t.name(),
                        expectedCost(context, m, choice.features().tokens(), t.outputTokens())));
            }
        }
        String reason =
                choice.features().summary() + " → tier " + tier.name() + " → " + (model != null ? model : destination);
        return new RouteDecision(destination, model, NAME, reason, tier.name(), features, alternatives, Map.of());
    }

    /** The price table's rates × the request's estimated tokens and the tier's mean output tokens; null if unpriced. */
    static BigDecimal expectedCost(Context context, String model, int inputTokens, double outputTokens) {
        if (model == null || context.prices() == null) {
            return null;
        }
        Optional<ModelPrice> price = context.prices().find(model);
        if (price.isEmpty()) {
            return null;
        }
        ModelPrice.Rates rates = price.get().ratesFor(inputTokens);
        double out = outputTokens > 0 ? outputTokens : DEFAULT_OUTPUT_TOKENS;
        BigDecimal cost = rates.input()
                .multiply(BigDecimal.valueOf(inputTokens))
                .add(rates.output().multiply(BigDecimal.valueOf(out)))
                .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
        return cost.round(new MathContext(4));
    }
}
