package io.mlflowlite.experiments.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.RoutedResponse;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RouteDecision;
import io.mlflowlite.routing.RouteStrategyProvider;
import io.mlflowlite.routing.RoutingConfig;
import io.mlflowlite.routing.RoutingConfigLoader;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code smart} strategy: found by the gateway, configured from YAML, standalone, and its config errors. */
class SmartStrategyProviderTest {
    @TempDir
    Path dir;

    private static final RouteStrategyProvider.Context CONTEXT = new RouteStrategyProvider.Context(
            null,
            PriceTable.bundled(),
            Map.of("cheap", "mock/mini", "mid", "mock/balanced", "new", "mock/next", "strong", "mock/pro"),
            Map.of());

    private static Route route(ObjectNode config) {
        return Route.withStrategy(
                "auto",
                "smart",
                config,
                Destination.of("cheap", 0),
                Destination.of("mid", 0),
                Destination.of("new", 0),
                Destination.of("strong", 0));
    }

    private static ObjectNode tiers() {
        ObjectNode config = Json.object();
        config.putObject("tiers")
                .put("easy", "cheap")
                .put("medium", "mid")
                .put("hard", "new")
                .put("expert", "strong");
        return config;
    }

    @Test
    void theGatewayFindsTheSmartStrategy() {
        assertThat(ServiceLoader.load(RouteStrategyProvider.class).stream()
                        .map(p -> p.get().name()))
                .contains("smart");
    }

    @Test
    void aDecisionNamesTierFeaturesAndPricedAlternatives() {
        RouteDecision d = new SmartStrategyProvider()
                .create(route(tiers()), CONTEXT)
                .decide(SimulatedRouting.request(Map.of(
                        "question",
                        "A farmer has 10 crates with 20 eggs in each crate. 18 eggs are broken. How many unbroken "
                                + "eggs are left?")));
        assertThat(d.strategy()).isEqualTo("smart");
        assertThat(d.tier()).isIn(RoutingTable.bundled().tierNames());
        assertThat(d.reason()).startsWith("multi-step arithmetic → tier " + d.tier() + " → mock/");
        assertThat(d.features()).containsKeys("tokens", "numbers", "expected_quality");
        assertThat(d.alternatives())
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.expectedCostUsd()).isPositive());
    }

    @Test
    void configErrorsSayWhatIsWrongAndHowToFixIt() {
        SmartStrategyProvider provider = new SmartStrategyProvider();
        assertThatThrownBy(() -> provider.create(route(Json.object()), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiers: required")
                .hasMessageContaining("easy, medium, hard, expert");
        ObjectNode unknownTier = tiers();
        ((ObjectNode) unknownTier.get("tiers")).put("trivial", "cheap");
        assertThatThrownBy(() -> provider.create(route(unknownTier), CONTEXT))
                .hasMessageContaining("tiers.trivial: the routing table has no such tier");
        ObjectNode badDestination = tiers();
        ((ObjectNode) badDestination.get("tiers")).put("easy", "nowhere");
        assertThatThrownBy(() -> provider.create(route(badDestination), CONTEXT))
                .hasMessageContaining(
                        "'nowhere' is not a destination of this route; use one of cheap, mid, new, strong");
        ObjectNode missing = tiers();
        ((ObjectNode) missing.get("tiers")).remove("expert");
        assertThatThrownBy(() -> provider.create(route(missing), CONTEXT))
                .hasMessageContaining("tiers: expert not mapped");
        ObjectNode threshold = tiers().put("threshold", "cheap");
        assertThatThrownBy(() -> provider.create(route(threshold), CONTEXT))
                .hasMessageContaining("threshold: a number from 0 to 1");
        ObjectNode noFile = tiers().put("table", dir.resolve("missing.json").toString());
        assertThatThrownBy(() -> provider.create(route(noFile), CONTEXT))
                .hasMessageContaining("There is no routing table at");
    }

    @Test
    void theWrittenYamlConfiguresAGatewayRoute() {
        RoutingTable table = RoutingTable.bundled();
        Path file = dir.resolve("table.json");
        table.write(file);
        assertThat(RoutingTable.read(file).toJson()).isEqualTo(table.toJson());
        String yaml = RoutingTableYaml.write(table, "auto", file.toString());
        assertThat(yaml).contains("routing_strategy: smart").contains("strategy_config:");
        RoutingConfig config = RoutingConfigLoader.withEnv(Map.of()).parse(yaml, "gateway.yaml");
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .tracing(Tracing.builder().enabled(false).build())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .routing(config)
                .build()) {
            ChatResponse response = gateway.completion(SimulatedRouting.request(Map.of("question", "What is 32 × 33?"))
                    .withModel("auto"));
            assertThat(response.labels()).containsEntry("strategy", "smart").containsKey("tier");
            String tier = response.labels().get("tier");
            assertThat(response.model())
                    .contains(table.tier(tier).orElseThrow().model().substring(5));
        }
    }

    @Test
    void smartCompletionWithoutARouteUsesTheBundledTable() {
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .tracing(Tracing.builder().enabled(false).build())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            RoutedResponse routed = gateway.smartCompletion(ChatRequest.of(
                    null,
                    "A farmer has 10 crates with 20 eggs in each crate. 18 eggs are broken. How many unbroken eggs "
                            + "are left?"));
            assertThat(routed.decision().model()).isIn(SimulatedRouting.MODELS);
            // what docs/experiments.md shows
            assertThat(routed.decision().reason()).isEqualTo("multi-step arithmetic → tier hard → mock/next");
            assertThat(routed.decision().tier()).isEqualTo("hard");
            RoutedResponse arithmetic = gateway.smartCompletion(ChatRequest.of(null, "What is 225 + 849?"));
            assertThat(arithmetic.decision().reason()).startsWith("arithmetic → tier ");
            assertThat(routed.response().labels()).containsEntry("strategy", "smart");
            List<String> models =
                    RoutingTable.bundled().tiers().stream().map(Tier::model).toList();
            assertThat(models).contains(routed.decision().model());
        }
    }
}
