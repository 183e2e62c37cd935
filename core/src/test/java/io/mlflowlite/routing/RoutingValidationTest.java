package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.gateway.Gateway;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every problem a configuration can have is reported, all at once, each at its path. */
class RoutingValidationTest {
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-test");

    private static List<String> problems(ThrowingCallable load) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(load).isInstanceOf(RoutingConfigException.class).satisfies(e -> thrown[0] = e);
        return ((RoutingConfigException) thrown[0])
                .problems().stream().map(ConfigProblem::toString).toList();
    }

    private static List<String> yamlProblems(String yaml) {
        return problems(() -> RoutingConfigLoader.withEnv(ENV).parse(yaml, "gateway.yaml"));
    }

    private static List<String> gatewayProblems(RoutingConfig config) {
        return problems(() -> Gateway.builder().env(ENV).routing(config).build().close());
    }

    @Test
    void oneLoadReportsEveryProblemInTheFileWithItsPath() {
        List<String> problems = problems(
                () -> RoutingConfigLoader.withEnv(ENV).load(RoutingConfigLoaderTest.resource("many-errors.yaml")));

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "endpoints[0].model.config.openai_api_kye: unknown key for provider openai (did you mean openai_api_key?)",
                        "endpoints[1].name: duplicate name 'chat' (already used at endpoints[0].name); endpoint and route "
                                + "names must all be different",
                        "endpoints[2].endpoint_type: unknown type 'llm/v1/chatt' (did you mean llm/v1/chat?)",
                        "endpoints[2].model.provider: unknown provider 'opena' (did you mean openai?)",
                        "endpoints[2].limit.calls: expected an integer, got text 'ten'",
                        "endpoints[2].limit.renewal_period: 'minit' is not a period (did you mean minute?)",
                        "endpoints[2].timeout_seconds: must be more than 0, got -5.0",
                        "endpoints[2].defaults.temprature: unknown key (did you mean temperature?)",
                        "endpoints[3].model.config.openai_api_key: environment variable MISSING_KEY is not set",
                        "routes[0].destinations[1].name: endpoint 'embed' is llm/v1/embeddings but the route's task_type is llm/v1/chat",
                        "routes[0].destinations[2].name: unknown endpoint 'summarise' (did you mean summarize?)",
                        "routes[0].destinations: traffic percentages add up to 95, not 100");
    }

    @Test
    void theMessageListsEveryProblemAndTheFile() {
        assertThatThrownBy(() ->
                        RoutingConfigLoader.withEnv(ENV).load(RoutingConfigLoaderTest.resource("many-errors.yaml")))
                .hasMessageContaining("many-errors.yaml (12 problems):")
                .hasMessageContaining(
                        "\n  - endpoints[2].model.provider: unknown provider 'opena' (did you mean openai?)")
                .hasMessageContaining("\n  - routes[0].destinations: traffic percentages add up to 95, not 100");
    }

    @Test
    void aNameUsedByAnEndpointAndARouteIsADuplicate() {
        assertThat(yamlProblems("""
                endpoints:
                  - {name: chat, endpoint_type: llm/v1/chat, model: {provider: mock, name: echo}}
                routes:
                  - name: chat
                    task_type: llm/v1/chat
                    destinations: [{name: chat, traffic_percentage: 100}]
                """))
                .containsExactly("routes[0].name: duplicate name 'chat' (already used at endpoints[0].name); "
                        + "endpoint and route names must all be different");
    }

    @Test
    void wrongTypesAreNamedWithWhatWasFound() {
        assertThat(yamlProblems("""
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: mock/echo
                    max_retries: 1.5
                    fallbacks: {name: x}
                    defaults: {temperature: hot, stop: [1, [2]]}
                routes:
                  - name: split
                    task_type: llm/v1/chat
                    destinations:
                      - {name: chat, traffic_percentage: "seventy"}
                """))
                .containsExactlyInAnyOrder(
                        "endpoints[0].model: expected a model mapping {provider, name, config}, got text 'mock/echo'",
                        "endpoints[0].max_retries: expected an integer, got a number (1.5)",
                        "endpoints[0].fallbacks: expected a list, got a mapping",
                        "endpoints[0].defaults.temperature: expected a number, got text 'hot'",
                        "endpoints[0].defaults.stop[1]: expected text, got a list",
                        "routes[0].destinations[0].traffic_percentage: expected an integer, got text 'seventy'");
    }

    @Test
    void requiredValuesAreReportedMissing() {
        assertThat(yamlProblems("""
                endpoints:
                  - model: {provider: mock}
                routes:
                  - name: split
                    destinations: [{name: x}]
                """))
                .containsExactlyInAnyOrder(
                        "endpoints[0].name: required",
                        "endpoints[0].endpoint_type: required: one of llm/v1/chat, llm/v1/completions, llm/v1/embeddings",
                        "endpoints[0].model.name: required: the model to call, such as gpt-4o",
                        "routes[0].task_type: required: one of llm/v1/chat, llm/v1/completions, llm/v1/embeddings",
                        "routes[0].destinations[0].traffic_percentage: required: the share of the route's traffic, 0 to 100",
                        "routes[0].destinations[0].name: unknown endpoint 'x'");
    }

    @Test
    void unknownKeysAtEveryLevelAreNamedWithTheClosestAllowedKey() {
        assertThat(yamlProblems("""
                endpoint_list: []
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    modle: {provider: mock, name: echo}
                    fallback: [mock/mini]
                routes:
                  - name: split
                    task_type: llm/v1/chat
                    destinations: [{name: chat, traffic_percent: 100}]
                """))
                .contains(
                        "endpoint_list: unknown key (did you mean endpoints?)",
                        "endpoints[0].modle: unknown key (did you mean model?)",
                        "endpoints[0].fallback: unknown key (did you mean fallbacks?)",
                        "routes[0].destinations[0].traffic_percent: unknown key (did you mean traffic_percentage?)");
    }

    @Test
    void providersMlflowSupportsButMlflowliteDoesNotAreSaidSo() {
        assertThat(yamlProblems("""
                endpoints:
                  - name: titan
                    endpoint_type: llm/v1/chat
                    model: {provider: bedrock, name: amazon.titan-text-express-v1}
                """))
                .singleElement()
                .asString()
                .startsWith(
                        "endpoints[0].model.provider: provider 'bedrock' is not supported by mlflowlite; supported: openai,");
    }

    @Test
    void azureOpenAiSettingsAreRejectedWithTheReason() {
        assertThat(yamlProblems("""
                endpoints:
                  - name: azure
                    endpoint_type: llm/v1/chat
                    model:
                      provider: openai
                      name: gpt-4o
                      config: {openai_api_key: k, openai_api_type: azure, openai_deployment_name: prod}
                """))
                .containsExactly(
                        "endpoints[0].model.config.openai_api_type: 'azure' is not supported yet: mlflowlite calls OpenAI's "
                                + "own API (openai_api_type: openai); Azure OpenAI deployments are not supported",
                        "endpoints[0].model.config.openai_deployment_name: only used with Azure OpenAI, which is not supported yet");
    }

    @Test
    void percentagesOutOfRangeAreReportedWithoutAMisleadingSum() {
        assertThat(yamlProblems("""
                endpoints:
                  - {name: a, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
                  - {name: b, endpoint_type: llm/v1/chat, model: {provider: mock, name: pro}}
                routes:
                  - name: split
                    task_type: llm/v1/chat
                    destinations: [{name: a, traffic_percentage: 150}, {name: a, traffic_percentage: -50}]
                """))
                .containsExactlyInAnyOrder(
                        "routes[0].destinations[0].traffic_percentage: must be between 0 and 100, got 150",
                        "routes[0].destinations[1].traffic_percentage: must be between 0 and 100, got -50",
                        "routes[0].destinations[1].name: endpoint 'a' is listed twice; give it one destination with the "
                                + "summed percentage");
    }

    @Test
    void fallbacksMustNameSomethingAnEndpointCanFallBackTo() {
        assertThat(yamlProblems("""
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: mock, name: mini}
                    fallbacks: [chat, split, embed, {provider: opeanai, name: gpt-4o}]
                  - name: embed
                    endpoint_type: llm/v1/embeddings
                    model: {provider: openai, name: text-embedding-3-small}
                routes:
                  - name: split
                    task_type: llm/v1/chat
                    destinations: [{name: chat, traffic_percentage: 100}]
                """))
                .containsExactlyInAnyOrder(
                        "endpoints[0].fallbacks[0]: an endpoint cannot fall back to itself",
                        "endpoints[0].fallbacks[1]: 'split' is a route; fallbacks name endpoints or models",
                        "endpoints[0].fallbacks[2]: endpoint 'embed' is llm/v1/embeddings but this endpoint is llm/v1/chat",
                        "endpoints[0].fallbacks[3].provider: unknown provider 'opeanai' (did you mean openai?)");
    }

    @Test
    void badYamlIsReportedWithItsLine() {
        assertThat(yamlProblems("endpoints:\n  - name: chat\n    endpoint_type: llm/v1/chat\n   model: x\n"))
                .singleElement()
                .asString()
                .startsWith("not valid YAML: line 4, column 4: ");
        assertThat(yamlProblems("endpoints:\n  - name: a\n    name: b\n"))
                .singleElement()
                .asString()
                .contains("Duplicate field 'name'");
        assertThat(yamlProblems("\n"))
                .containsExactly("the file is empty: expected a mapping with endpoints: (and optionally routes:)");
    }

    @Test
    void aConfigurationBuiltInCodeIsValidatedTheSameWay() {
        RoutingConfig config = RoutingConfig.of(
                List.of(
                        Endpoint.builder("chat").build(),
                        Endpoint.builder("bad name")
                                .model("mock", "echo")
                                .maxRetries(-1)
                                .build()),
                List.of(Route.split("chat-split", Destination.of("chat", 60), Destination.of("nope", 30))));

        assertThat(gatewayProblems(config))
                .containsExactlyInAnyOrder(
                        "endpoints[0].model: required: {provider, name, config}",
                        "endpoints[1].name: 'bad name' is not a valid name: use letters, digits, '_', '-' and '.' (it "
                                + "becomes a URL path segment)",
                        "endpoints[1].max_retries: must be 0 or more, got -1",
                        "routes[0].destinations[1].name: unknown endpoint 'nope'",
                        "routes[0].destinations: traffic percentages add up to 90, not 100");
    }

    @Test
    void modelsThatCannotBeReachedAreReportedWhenTheGatewayCompilesTheConfiguration() {
        RoutingConfig config = RoutingConfig.of(
                List.of(
                        Endpoint.chat("claude", "anthropic", "claude-sonnet-4-5"),
                        Endpoint.chat("sim", "mock", "nosuch"),
                        Endpoint.builder("chat")
                                .model("openai", "text-embedding-3-small")
                                .fallback("gpt-4o")
                                .fallback("not-a-model")
                                .build()),
                List.of());

        List<String> problems = gatewayProblems(config);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0))
                .startsWith("endpoints[0].model: cannot be reached: No API key for anthropic")
                .contains("ANTHROPIC_API_KEY");
        assertThat(problems.get(1)).startsWith("endpoints[1].model: cannot be reached: Unknown model 'mock/nosuch'.");
        assertThat(problems.get(2))
                .isEqualTo("endpoints[2].model.name: 'openai/text-embedding-3-small' is an "
                        + "embedding model but the endpoint is llm/v1/chat");
        assertThat(problems.get(3))
                .startsWith("endpoints[2].fallbacks[1]: 'not-a-model' is no endpoint of this "
                        + "configuration and cannot be resolved as a model: Unknown model 'not-a-model'.");
    }

    @Test
    void anInvalidSwapLeavesThePreviousConfigurationServing() {
        try (Gateway gateway = Gateway.builder()
                .env(ENV)
                .endpoints(Endpoint.chat("chat", "mock", "echo"))
                .build()) {
            RoutingConfig before = gateway.routing();

            assertThatThrownBy(() -> gateway.reconfigure(
                            RoutingConfig.of(List.of(Endpoint.chat("chat", "mock", "nosuch")), List.of())))
                    .isInstanceOf(RoutingConfigException.class);

            assertThat(gateway.routing()).isSameAs(before);
            assertThat(gateway.query("chat", "still here").content()).isEqualTo("still here");
        }
    }
}
