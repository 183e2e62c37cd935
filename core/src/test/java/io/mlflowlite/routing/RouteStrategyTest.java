package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.RoutedResponse;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes whose destination a {@link RouteStrategy} decides: the route's configuration reaches the strategy, the
 * decision reaches the trace and the response, and a missing or misconfigured strategy is a configuration
 * problem with its path.
 */
class RouteStrategyTest {
    @TempDir
    Path spill;

    /**
     * A strategy sending prompts that mention a keyword (its {@code strategy_config.keyword}) to the second
     * destination and everything else to the first, tagging the trace; standalone (as {@code smart}), it names
     * models.
     */
    static final class KeywordStrategy implements RouteStrategyProvider {
        private final String name;

        KeywordStrategy(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public RouteStrategy create(Route route, Context context) {
            String keyword = route.strategyConfig().path("keyword").asText("");
            if (keyword.isBlank()) {
                throw new IllegalArgumentException(
                        "keyword: required, the word that sends a call to the second destination");
            }
            if (route.destinations().size() != 2) {
                throw new IllegalArgumentException("needs exactly two destinations");
            }
            return request -> decide(
                    request,
                    keyword,
                    route.destinations().get(0).name(),
                    route.destinations().get(1).name());
        }

        @Override
        public Optional<RouteStrategy> standalone(Context context) {
            return Optional.of(request -> decide(request, "hard", "mock/mini", "mock/pro"));
        }

        private static RouteDecision decide(ChatRequest request, String keyword, String plain, String special) {
            boolean hit = request.messages().getLast().text().contains(keyword);
            return new RouteDecision(
                    hit ? special : plain,
                    null,
                    "keyword",
                    hit ? "mentions '" + keyword + "'" : "no '" + keyword + "'",
                    hit ? "hard" : "easy",
                    Map.of("mentions_keyword", hit),
                    List.of(),
                    Map.of("mlflowlite.experiment", "kw", "mlflowlite.variant", hit ? "special" : "plain"));
        }
    }

    private static RoutingConfig config(ObjectNode strategyConfig) {
        return RoutingConfig.of(
                List.of(Endpoint.chat("cheap", "mock", "mini"), Endpoint.chat("strong", "mock", "pro")),
                List.of(Route.withStrategy(
                        "auto", "keyword", strategyConfig, Destination.of("cheap", 0), Destination.of("strong", 0))));
    }

    private Gateway gateway(Tracing tracing, RoutingConfig config) {
        return Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .routeStrategy(new KeywordStrategy("keyword"))
                .routeStrategy(new KeywordStrategy("smart"))
                .routing(config)
                .build();
    }

    @Test
    void theStrategyDecidesAndTheDecisionIsOnTheTraceAndTheResponse() {
        InMemoryTraceStore store = new InMemoryTraceStore(10);
        try (Tracing tracing = Tracing.builder().store(store).spillDir(spill).build();
                Gateway gateway = gateway(tracing, config(Json.object().put("keyword", "prove")))) {
            ChatResponse plain = gateway.completion(ChatRequest.of("auto", "hello"));
            ChatResponse special = gateway.completion(ChatRequest.of("auto", "please prove it"));

            assertThat(plain.model()).contains("mini");
            assertThat(special.model()).contains("pro");
            assertThat(special.labels())
                    .containsEntry("strategy", "keyword")
                    .containsEntry("destination", "strong")
                    .containsEntry("tier", "hard")
                    .containsEntry("experiment", "kw")
                    .containsEntry("variant", "special");

            tracing.flush(Duration.ofSeconds(5));
            Trace trace = store.get(special.traceId().orElseThrow()).orElseThrow();
            assertThat(trace.info().tags())
                    .containsEntry("mlflowlite.experiment", "kw")
                    .containsEntry("mlflowlite.variant", "special");
            assertThat(trace.root().orElseThrow().attributes())
                    .containsEntry("mlflowlite.route", "auto")
                    .containsEntry("mlflowlite.destination", "strong")
                    .containsEntry("mlflowlite.route.strategy", "keyword")
                    .containsEntry("mlflowlite.route.reason", "mentions 'prove'")
                    .containsEntry("mlflowlite.route.model", "mock/pro")
                    .containsEntry("mlflowlite.route.tier", "hard");
            assertThat(store.search(TraceQuery.builder()
                                    .tag("mlflowlite.variant", "plain")
                                    .build())
                            .traces())
                    .extracting(t -> t.traceId())
                    .containsExactly(plain.traceId().orElseThrow());
        }
    }

    @Test
    void aStreamCarriesTheDecisionFromItsStart() {
        try (Tracing tracing = Tracing.builder().enabled(false).build();
                Gateway gateway = gateway(tracing, config(Json.object().put("keyword", "prove")))) {
            try (ChatStream stream = gateway.stream(ChatRequest.of("auto", "prove this"))) {
                assertThat(stream.labels()).containsEntry("variant", "special");
                stream.forEach(c -> {});
                assertThat(stream.response().labels()).containsEntry("destination", "strong");
            }
        }
    }

    @Test
    void smartCompletionUsesANamedStrategyRouteElseTheStandaloneStrategy() {
        try (Tracing tracing = Tracing.builder().enabled(false).build();
                Gateway gateway = gateway(tracing, config(Json.object().put("keyword", "prove")))) {
            RoutedResponse viaRoute = gateway.smartCompletion(ChatRequest.of("auto", "prove it"));
            assertThat(viaRoute.decision().destination()).isEqualTo("strong");
            assertThat(viaRoute.decision().model()).isEqualTo("mock/pro");

            RoutedResponse standalone = gateway.smartCompletion(ChatRequest.of(null, "a hard one"));
            assertThat(standalone.decision().model()).isEqualTo("mock/pro");
            assertThat(standalone.decision().reason()).isEqualTo("mentions 'hard'");
            assertThat(standalone.response().model()).contains("pro");
            assertThat(standalone.response().labels()).containsEntry("tier", "hard");
        }
    }

    @Test
    void smartCompletionWithoutASmartStrategySaysWhatToAdd() {
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .discoverPlugins(false)
                .tracing(Tracing.builder().enabled(false).build())
                .build()) {
            assertThatThrownBy(() -> gateway.smartCompletion(ChatRequest.of(null, "hi")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("mlflowlite-experiments");
        }
    }

    @Test
    void anUnknownStrategyAndABadStrategyConfigAreConfigurationProblems() {
        RoutingConfig unknown = RoutingConfigLoader.withEnv(Map.of()).parse("""
                endpoints:
                  - {name: a, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
                routes:
                  - name: r
                    task_type: llm/v1/chat
                    routing_strategy: ROUND_ROBIN
                    destinations: [{name: a}]
                """, "gateway.yaml");
        assertThatThrownBy(() -> gateway(Tracing.builder().enabled(false).build(), unknown))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("routes[0].routing_strategy: 'round_robin' is not available on this gateway")
                .hasMessageContaining("keyword");

        assertThatThrownBy(() -> gateway(Tracing.builder().enabled(false).build(), config(Json.object())))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("routes[0].strategy_config: keyword: required");
    }

    @Test
    void aSplitTakesNoStrategyConfigAndAStrategyRouteNeedsNoPercentages() {
        assertThatThrownBy(() -> RoutingConfigLoader.withEnv(Map.of()).parse("""
                        endpoints:
                          - {name: a, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
                        routes:
                          - name: r
                            task_type: llm/v1/chat
                            strategy_config: {keyword: x}
                            destinations: [{name: a, traffic_percentage: 100}]
                        """, "gateway.yaml"))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("routes[0].strategy_config: a traffic split takes no strategy_config");

        RoutingConfig parsed = RoutingConfigLoader.withEnv(Map.of()).parse("""
                endpoints:
                  - {name: a, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
                  - {name: b, endpoint_type: llm/v1/chat, model: {provider: mock, name: pro}}
                routes:
                  - name: r
                    task_type: llm/v1/chat
                    routing_strategy: keyword
                    strategy_config: {keyword: prove}
                    destinations: [{name: a}, {name: b}]
                """, "gateway.yaml");
        Route route = parsed.route("r").orElseThrow();
        assertThat(route.strategy()).isEqualTo("keyword");
        assertThat(route.strategyConfig().path("keyword").asText()).isEqualTo("prove");
        try (Gateway gateway = gateway(Tracing.builder().enabled(false).build(), parsed)) {
            assertThat(gateway.completion(ChatRequest.of("r", "prove")).labels())
                    .containsEntry("destination", "b");
        }
    }
}
