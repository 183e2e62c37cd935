package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.ManualClock;
import io.mlflowlite.prompt.InMemoryPromptStore;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStoreException;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints bound to a prompt alias: the gateway renders it, and moving the alias changes calls with no restart. */
class PromptBindingTest {
    @TempDir
    Path spill;

    private final MockLlmServer upstream = MockLlmServer.start();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T00:00:00Z"));
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final PromptRegistry registry = new PromptRegistry(failing(new InMemoryPromptStore(), storeDown));
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        upstream.close();
    }

    private Gateway gateway(Endpoint... endpoints) {
        return gateway(Tracing.builder().enabled(false).build(), endpoints);
    }

    private Gateway gateway(Tracing tracing, Endpoint... endpoints) {
        Gateway gateway = Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .timeSource(clock)
                .maxRetries(0)
                .promptRegistry(registry)
                .promptCacheTtl(Duration.ofSeconds(5))
                .endpoints(endpoints)
                .build();
        closeables.add(gateway);
        return gateway;
    }

    private Endpoint support(String prompt) {
        return Endpoint.builder("support")
                .prompt(prompt)
                .model(new ModelSpec("openai", "gpt-4o-mini", ModelConfig.at(upstream.url("/v1"), "sk-test")))
                .build();
    }

    private void registerSupportPrompts() {
        registry.register(PromptDraft.builder(
                        "support",
                        PromptTemplate.chat(
                                PromptMessage.system("You are the support agent of {{company}}."),
                                PromptMessage.user("Customer question: {{question}}")))
                .commitMessage("first version")
                .modelConfig("temperature", 0.2)
                .modelConfig("max_tokens", 300)
                .build());
        registry.register(PromptDraft.builder(
                        "support",
                        PromptTemplate.chat(
                                PromptMessage.system(
                                        "You are {{company}}'s friendly support agent. Answer in one sentence."),
                                PromptMessage.user("{{question}}")))
                .commitMessage("shorter answers")
                .build());
        registry.setAlias("support", "production", 1);
    }

    private JsonNode sent() {
        return upstream.takeRequest().jsonBody();
    }

    private void answerOk() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
    }

    @Test
    void anEndpointBoundToAnAliasRendersThatVersionAroundTheCallersVariablesAndMessages() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"));
        answerOk();

        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(Map.of("company", "Acme", "question", "Where is my parcel?"))
                .addUserMessage("Order 1234")
                .build());

        JsonNode body = sent();
        assertThat(body.get("messages").toString())
                .isEqualTo(Json.parse("""
                [{"role":"system","content":"You are the support agent of Acme."},
                 {"role":"user","content":"Customer question: Where is my parcel?"},
                 {"role":"user","content":"Order 1234"}]""", "expected").toString());
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(body.has("prompt_variables"))
                .as("consumed by the gateway, never sent upstream")
                .isFalse();
    }

    @Test
    void theCallersOwnSettingsWinOverThePromptsModelConfig() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support/1"));
        answerOk();

        gateway.completion(ChatRequest.builder()
                .model("support")
                .temperature(0.9)
                .promptVariables(Map.of("company", "Acme", "question", "Hi"))
                .build());

        JsonNode body = sent();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.9);
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(300);
    }

    @Test
    void movingTheAliasReachesCallsOnceTheCachedVersionIsOlderThanItsTimeToLive() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"));
        Map<String, Object> variables = Map.of("company", "Acme", "question", "Hi");

        answerOk();
        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(variables)
                .build());
        assertThat(sent().at("/messages/0/content").asText()).isEqualTo("You are the support agent of Acme.");

        registry.setAlias("support", "production", 2);
        answerOk();
        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(variables)
                .build());
        assertThat(sent().at("/messages/0/content").asText())
                .as("still cached")
                .isEqualTo("You are the support agent of Acme.");

        clock.advance(Duration.ofSeconds(6));
        answerOk();
        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(variables)
                .build());
        assertThat(sent().at("/messages/0/content").asText())
                .isEqualTo("You are Acme's friendly support agent. Answer in one sentence.");
    }

    @Test
    void reconfiguringLoadsBoundPromptsAgainAtOnce() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"));
        registry.setAlias("support", "production", 2);

        gateway.reconfigure(gateway.routing());
        answerOk();
        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(Map.of("company", "Acme", "question", "Hi"))
                .build());

        assertThat(sent().at("/messages/1/content").asText()).isEqualTo("Hi");
    }

    @Test
    void whenTheRegistryIsDownCallsKeepTheVersionTheyHad() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"));
        storeDown.set(true);
        clock.advance(Duration.ofSeconds(6));
        answerOk();

        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(Map.of("company", "Acme", "question", "Hi"))
                .build());

        assertThat(sent().at("/messages/0/content").asText()).isEqualTo("You are the support agent of Acme.");
    }

    @Test
    void aMissingVariableIsRejectedNamingItAndHowToSendIt() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"));

        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("support")
                        .promptVariables(Map.of("company", "Acme"))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Missing prompt variable question")
                .hasMessageContaining("prompts:/support/1")
                .hasMessageContaining("\"prompt_variables\"");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void variablesTheVersionDoesNotUseAreIgnoredSoMovingAnAliasBreaksNoClient() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support/2"));
        answerOk();

        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(Map.of("company", "Acme", "question", "Hi", "tone", "formal"))
                .build());

        assertThat(sent().at("/messages/1/content").asText()).isEqualTo("Hi");
    }

    @Test
    void promptVariablesForAModelThatRendersNoPromptAreRejected() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"), Endpoint.chat("plain", "mock", "echo"));

        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("plain")
                        .promptVariables(Map.of("x", "y"))
                        .addUserMessage("hi")
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("endpoint 'plain' is bound to no prompt");
        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("mock/echo")
                        .promptVariables(Map.of("x", "y"))
                        .addUserMessage("hi")
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'mock/echo' is no endpoint");
    }

    @Test
    void aConfigurationBindingAMissingPromptIsRejectedWithThePathAndWhatExists() {
        registerSupportPrompts();

        assertThatThrownBy(() -> gateway(support("prompts:/support@staging")))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("endpoints[0].prompt")
                .hasMessageContaining("staging")
                .hasMessageContaining("production");
        assertThatThrownBy(() -> gateway(support("prompts:/supprt@production")))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("endpoints[0].prompt")
                .hasMessageContaining("support");
        assertThatThrownBy(() -> gateway(support("support@production")))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("endpoints[0].prompt")
                .hasMessageContaining("is not a prompt URI");
    }

    @Test
    void aDeletedAliasFailsCallsAsAConfigurationProblemOnceTheCachedVersionExpires() {
        registerSupportPrompts();
        Gateway gateway = gateway(support("prompts:/support@production"));
        registry.deleteAlias("support", "production");
        clock.advance(Duration.ofSeconds(6));

        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("support")
                        .promptVariables(Map.of("company", "Acme", "question", "Hi"))
                        .build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "Endpoint 'support' is bound to prompts:/support@production, which cannot be loaded")
                .hasMessageContaining("production");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void aGatewayWithoutAPromptStoreModuleExplainsWhatIsMissing() {
        Gateway.Builder builder = Gateway.builder()
                .env(Map.of("MLFLOWLITE_STORE", "jdbc:sqlite:nowhere.db"))
                .tracing(Tracing.builder().enabled(false).build())
                .endpoints(support("prompts:/support@production"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("endpoints[0].prompt")
                .hasMessageContaining("No prompt store understands 'jdbc:sqlite:nowhere.db'");
    }

    @Test
    void theTraceLinksTheRenderedVersionAndNamesItOnTheSpan() {
        registerSupportPrompts();
        InMemoryTraceStore store = new InMemoryTraceStore(10);
        Tracing tracing = Tracing.builder().store(store).spillDir(spill).build();
        closeables.add(tracing);
        Gateway gateway = gateway(tracing, support("prompts:/support@production"));
        answerOk();

        ChatResponse response = gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(Map.of("company", "Acme", "question", "Hi"))
                .build());

        tracing.flush(Duration.ofSeconds(5));
        Trace trace = store.get(response.traceId().orElseThrow()).orElseThrow();
        assertThat(Json.parse(trace.info().tags().get(PromptVersion.LINKED_PROMPTS), "tag"))
                .isEqualTo(Json.parse("[{\"name\":\"support\",\"version\":\"1\"}]", "expected"));
        assertThat(trace.root().orElseThrow().attributes()).containsEntry("mlflowlite.prompt", "prompts:/support/1");
    }

    @Test
    void aResponseFormatOfThePromptAppliesWhenTheCallerSetsNone() {
        registry.register(PromptDraft.builder("extract", PromptTemplate.text("Extract the city from: {{text}}"))
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .build());
        Gateway gateway = gateway(support("prompts:/extract@latest"));
        answerOk();

        gateway.completion(ChatRequest.builder()
                .model("support")
                .promptVariables(Map.of("text", "I live in Paris"))
                .build());

        JsonNode body = sent();
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Extract the city from: I live in Paris");
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
    }

    /** {@code store}, failing every call with a store error while {@code down} is set. */
    private static PromptStore failing(PromptStore store, AtomicBoolean down) {
        return (PromptStore) Proxy.newProxyInstance(
                PromptStore.class.getClassLoader(), new Class<?>[] {PromptStore.class}, (proxy, method, args) -> {
                    if (down.get() && !method.getName().equals("close")) {
                        throw new PromptStoreException("prompt store unreachable (test)");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
