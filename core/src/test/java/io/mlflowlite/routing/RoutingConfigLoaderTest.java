package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fixtures;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading MLflow AI Gateway files (and mlflowlite's extensions), environment references included. */
class RoutingConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY",
            "sk-openai-test",
            "ANTHROPIC_API_KEY",
            "sk-ant-test",
            "GEMINI_API_KEY",
            "gm-test",
            "MISTRAL_API_KEY",
            "ms-test",
            "TOGETHERAI_API_KEY",
            "tg-test");

    static Path resource(String name) {
        try {
            return Path.of(RoutingConfigLoaderTest.class
                    .getResource("/routing/" + name)
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RoutingConfig parse(String yaml, Map<String, String> env) {
        return RoutingConfigLoader.withEnv(env).parse(yaml, "test.yaml");
    }

    @Test
    void readsAnMlflowGatewayFileWithEveryEndpointTypeAndATrafficRoute() {
        RoutingConfig config = RoutingConfigLoader.withEnv(ENV).load(resource("mlflow-gateway.yaml"));

        assertThat(config.endpoints())
                .extracting(Endpoint::name)
                .containsExactly("chat", "claude", "gemini-chat", "llama-completions", "embeddings");
        assertThat(config.endpoints())
                .extracting(Endpoint::type)
                .containsExactly(
                        EndpointType.CHAT,
                        EndpointType.CHAT,
                        EndpointType.CHAT,
                        EndpointType.COMPLETIONS,
                        EndpointType.EMBEDDINGS);

        Endpoint chat = config.endpoint("chat").orElseThrow();
        assertThat(chat.model().provider()).isEqualTo("openai");
        assertThat(chat.model().name()).isEqualTo("gpt-4o-mini");
        assertThat(chat.model().config().apiKey()).isEqualTo("sk-openai-test");
        assertThat(chat.model().config().baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(chat.model().config().headers()).containsEntry("OpenAI-Organization", "org-platform");
        assertThat(chat.limit()).isEqualTo(Limit.per(10, ChronoUnit.MINUTES));
        assertThat(chat.fallbacks())
                .containsExactly(
                        Fallback.named("claude"),
                        Fallback.model(
                                new ModelSpec("mistral", "mistral-small-latest", ModelConfig.withKey("ms-test"))));
        assertThat(chat.maxRetries()).isEqualTo(1);
        assertThat(chat.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(chat.deadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(chat.defaults().temperature()).isEqualTo(0.2);
        assertThat(chat.defaults().maxTokens()).isEqualTo(512);
        assertThat(chat.defaults().stop()).containsExactly("\n\nUser:");

        assertThat(config.endpoint("claude").orElseThrow().limit()).isEqualTo(new Limit(500, ChronoUnit.HOURS, "user"));
        // MLflow spells Together AI "togetherai"; mlflowlite's provider is "together"
        Endpoint llama = config.endpoint("llama-completions").orElseThrow();
        assertThat(llama.model().provider()).isEqualTo("together");
        assertThat(llama.model().config().apiKey()).isEqualTo("tg-test");

        Route route = config.route("chat-ab").orElseThrow();
        assertThat(route.taskType()).isEqualTo(EndpointType.CHAT);
        assertThat(route.destinations()).containsExactly(Destination.of("chat", 80), Destination.of("claude", 20));
    }

    @Test
    void aGatewayServesTheFileItsEndpointsResolvedWithTheirOwnKeysAndBaseUrls() {
        try (Gateway gateway = Gateway.builder()
                .env(ENV)
                .routingFile(resource("mlflow-gateway.yaml"))
                .build()) {
            Deployment chat = gateway.resolve("chat");
            assertThat(chat.provider()).isEqualTo("openai");
            assertThat(chat.model()).isEqualTo("gpt-4o-mini");
            assertThat(chat.baseUrl()).hasToString("https://api.openai.com/v1");
            assertThat(chat.headers()).containsEntry("OpenAI-Organization", "org-platform");
            assertThat(gateway.resolve("llama-completions").baseUrl()).hasToString("https://api.together.xyz/v1");
            assertThat(gateway.routing().endpoints()).hasSize(5);
        }
    }

    @Test
    void environmentReferencesAreExpandedInEveryForm() {
        RoutingConfig config = parse("""
                endpoints:
                  - name: local
                    endpoint_type: llm/v1/chat
                    model:
                      provider: vllm
                      name: ${MODEL:-qwen2.5-7b}
                      config:
                        api_key: $VLLM_KEY
                        api_base: http://${VLLM_HOST}:8000/v1
                        headers: {X-Cost: "$$0.00"}
                    max_retries: ${RETRIES}
                """, Map.of("VLLM_KEY", "vk-1", "VLLM_HOST", "gpu-7", "RETRIES", "4"));

        Endpoint local = config.endpoints().get(0);
        assertThat(local.model().name()).isEqualTo("qwen2.5-7b");
        assertThat(local.model().config().apiKey()).isEqualTo("vk-1");
        assertThat(local.model().config().baseUrl()).isEqualTo("http://gpu-7:8000/v1");
        assertThat(local.model().config().headers()).containsEntry("X-Cost", "$0.00");
        assertThat(local.maxRetries()).isEqualTo(4);
    }

    @Test
    void aMissingEnvironmentVariableIsAProblemNamingItButNeverAValue() {
        assertThatThrownBy(() -> parse("""
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: openai, name: gpt-4o, config: {openai_api_key: $OPENAI_API_KEY}}
                """, Map.of("UNRELATED", "sk-secret")))
                .isInstanceOfSatisfying(RoutingConfigException.class, e -> {
                    assertThat(e.problems())
                            .extracting(ConfigProblem::toString)
                            .containsExactly(
                                    "endpoints[0].model.config.openai_api_key: environment variable OPENAI_API_KEY is not set");
                    assertThat(e.getMessage()).contains("test.yaml").doesNotContain("sk-secret");
                });
    }

    @Test
    void mlflow2RouteTypeIsAcceptedAsTheOldNameOfEndpointType() {
        RoutingConfig config = parse("""
                endpoints:
                  - name: completions
                    route_type: llm/v1/completions
                    model: {provider: mock, name: echo}
                """, Map.of());

        assertThat(config.endpoints().get(0).type()).isEqualTo(EndpointType.COMPLETIONS);
    }

    @Test
    void mlflow2RoutesAreExplainedRatherThanMisreadAsTrafficSplits() {
        assertThatThrownBy(() -> RoutingConfigLoader.withEnv(ENV).load(resource("mlflow2-legacy-routes.yaml")))
                .isInstanceOfSatisfying(
                        RoutingConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::toString)
                                .containsExactly(
                                        "endpoints: required: a list of endpoints (it may be empty: endpoints: [])",
                                        "routes[0]: this is an MLflow 2.x route definition (route_type, model): move it under "
                                                + "endpoints: and rename route_type to endpoint_type; routes: now holds traffic splits "
                                                + "(name, task_type, destinations)"));
    }

    @Test
    void onlineScoringRulesAreReadWithTheirDefaults() {
        RoutingConfig config = parse("""
                endpoints: []
                online_scoring:
                  - scorers: [relevance_to_query, safety]
                    sample: 0.25
                    experiment: assistant
                    judge_model: mock/pro
                    budget_usd_per_day: 5
                  - scorers: json_valid
                """, Map.of());

        assertThat(config.onlineScoring())
                .containsExactly(
                        new OnlineScoringRule(
                                java.util.List.of("relevance_to_query", "safety"),
                                0.25,
                                "assistant",
                                "mock/pro",
                                new java.math.BigDecimal("5.0"),
                                null),
                        new OnlineScoringRule(java.util.List.of("json_valid"), 1.0, null, null, null, null));
        assertThat(config.fingerprint())
                .isNotEqualTo(parse("endpoints: []\n", Map.of()).fingerprint());
    }

    @Test
    void onlineScoringProblemsAreReportedWithTheirPaths() {
        assertThatThrownBy(() -> parse("""
                        endpoints: []
                        online_scoring:
                          - scorers: []
                            sample: 1.5
                          - scorers: [safety]
                            budget_usd_per_day: -1
                            smaple: 0.1
                          - just-a-name
                        """, Map.of()))
                .isInstanceOfSatisfying(
                        RoutingConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::toString)
                                .containsExactlyInAnyOrder(
                                        "online_scoring[0].scorers: required: a list of scorer names, e.g. [relevance_to_query]",
                                        "online_scoring[0].sample: must be between 0 and 1 (a share of calls), was 1.5",
                                        "online_scoring[1].smaple: unknown key (did you mean sample?)",
                                        "online_scoring[1].budget_usd_per_day: must be a dollar amount of 0 or more, was -1.0",
                                        "online_scoring[2]: expected an online scoring mapping (scorers, sample …), got text 'just-a-name'"));
    }

    @Test
    void anEmptyEndpointListIsAValidConfiguration() {
        assertThat(parse("endpoints: []\n", Map.of()).isEmpty()).isTrue();
    }

    @Test
    void theFingerprintChangesWithAnySettingAndOnlyThen() {
        String yaml = """
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: openai, name: gpt-4o, config: {openai_api_key: $OPENAI_API_KEY}}
                """;
        String first = parse(yaml, Map.of("OPENAI_API_KEY", "sk-1")).fingerprint();

        assertThat(parse(yaml, Map.of("OPENAI_API_KEY", "sk-1")).fingerprint()).isEqualTo(first);
        assertThat(parse(yaml, Map.of("OPENAI_API_KEY", "sk-2")).fingerprint()).isNotEqualTo(first);
        assertThat(parse(yaml.replace("gpt-4o", "gpt-4.1"), Map.of("OPENAI_API_KEY", "sk-1"))
                        .fingerprint())
                .isNotEqualTo(first)
                .doesNotContain("sk-1");
    }

    @Test
    void fixturesParseTheSameFromTextAndFromAFile() {
        RoutingConfigLoader loader = RoutingConfigLoader.withEnv(ENV);
        assertThat(loader.parse(Fixtures.text("routing/mlflow-gateway.yaml"), null))
                .isEqualTo(loader.load(resource("mlflow-gateway.yaml")));
        assertThat(loader.parse(Fixtures.text("routing/mock-split-70-30.yaml"), null)
                        .version())
                .isEqualTo("split-70-30");
        assertThat(loader.providers()).contains("openai", "anthropic", "gemini", "mock");
    }
}
