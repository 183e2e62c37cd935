package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.pipeline.Interceptor;
import io.mlflowlite.pipeline.RetryPolicy;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls to endpoint names through the gateway: the configuration decides the model, key, retries and defaults. */
class EndpointCallsTest {
    private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";
    private static final RetryPolicy FAST_RETRIES =
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));

    private final MockLlmServer upstream = MockLlmServer.start();
    private final List<Gateway> gateways = new ArrayList<>();

    @AfterEach
    void close() {
        gateways.forEach(Gateway::close);
        upstream.close();
    }

    private Gateway gateway(Gateway.Builder builder) {
        Gateway gateway = builder.retryPolicy(FAST_RETRIES)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build();
        gateways.add(gateway);
        return gateway;
    }

    private ModelSpec upstreamModel(String model) {
        return new ModelSpec("openai", model, ModelConfig.at(upstream.url("/v1"), "sk-endpoint"));
    }

    @Test
    void anEndpointNameIsServedByTheModelTheConfigurationNames() {
        Gateway gateway = gateway(Gateway.builder().endpoints(Endpoint.chat("chat", "mock", "echo")));

        ChatResponse response = gateway.completion(ChatRequest.of("chat", "hi"));

        assertThat(response.content()).isEqualTo("hi");
        assertThat(response.provider()).isEqualTo("mock");
        assertThat(response.attempts()).extracting(Attempt::model).containsExactly("mock/echo");
    }

    @Test
    void anEndpointReachesItsModelWithTheKeyAndBaseUrlOfItsConfiguration() {
        Gateway gateway = gateway(Gateway.builder()
                .env(Map.of(
                        "OPENAI_API_KEY",
                        "sk-global",
                        "OPENAI_BASE_URL",
                        upstream.url("/global/v1"),
                        "TEAM_OPENAI_KEY",
                        "sk-team",
                        "UPSTREAM",
                        upstream.url()))
                .routingFile(RoutingConfigLoaderTest.resource("own-key-upstream.yaml")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        gateway.completion(ChatRequest.of("team-chat", "What is the capital of France?"));
        gateway.completion(ChatRequest.of("gpt-4o", "What is the capital of France?"));

        RecordedRequest viaEndpoint = upstream.takeRequest();
        assertThat(viaEndpoint.path()).isEqualTo("/team/v1/chat/completions");
        assertThat(viaEndpoint.header("authorization")).hasValue("Bearer sk-team");
        assertThat(viaEndpoint.header("x-team")).hasValue("search");
        assertThat(viaEndpoint.jsonBody().path("model").asText()).isEqualTo("gpt-4o");
        RecordedRequest direct = upstream.takeRequest();
        assertThat(direct.path()).isEqualTo("/global/v1/chat/completions");
        assertThat(direct.header("authorization")).hasValue("Bearer sk-global");
        assertThat(direct.header("x-team")).isEmpty();
    }

    @Test
    void anEmbeddingsEndpointServesEmbeddingsAndOnlyEmbeddings() {
        Gateway gateway = gateway(Gateway.builder()
                .env(Map.of("TEAM_OPENAI_KEY", "sk-team", "UPSTREAM", upstream.url()))
                .routingFile(RoutingConfigLoaderTest.resource("own-key-upstream.yaml")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));

        EmbeddingResponse response = gateway.embedding(EmbeddingRequest.of("team-embeddings", List.of("a", "b")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/team/v1/embeddings");
        assertThat(sent.header("authorization")).hasValue("Bearer sk-team");
        assertThat(response.vectors()).isNotEmpty();
        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("team-embeddings", "hi")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(
                        "'team-embeddings' is an llm/v1/embeddings endpoint: use it for embeddings, not chat completions");
        assertThatThrownBy(() -> gateway.embedding(EmbeddingRequest.of("team-chat", List.of("a"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("'team-chat' is an llm/v1/chat endpoint: it cannot serve embeddings");
    }

    @Test
    void anEndpointRetriesItsModelAsConfiguredThenFallsBackToAnotherEndpoint() {
        Gateway gateway = gateway(Gateway.builder()
                .endpoints(
                        Endpoint.builder("chat")
                                .model(upstreamModel("gpt-4o"))
                                .maxRetries(1)
                                .fallback("backup")
                                .build(),
                        Endpoint.chat("backup", "mock", "echo")));
        upstream.enqueue(MockResponse.json(503, OVERLOADED));
        upstream.enqueue(MockResponse.json(503, OVERLOADED));

        ChatResponse response = gateway.completion(ChatRequest.of("chat", "served anyway"));

        assertThat(response.content()).isEqualTo("served anyway");
        assertThat(upstream.requestCount()).isEqualTo(2);
        assertThat(response.attempts())
                .extracting(Attempt::model, Attempt::outcome)
                .containsExactly(
                        tuple("openai/gpt-4o", Attempt.Outcome.FAILED),
                        tuple("openai/gpt-4o", Attempt.Outcome.FAILED),
                        tuple("mock/echo", Attempt.Outcome.SUCCESS));
    }

    @Test
    void fallbacksComeFromTheRequestElseTheEndpointElseTheGateway() {
        Gateway gateway = gateway(Gateway.builder()
                .fallbackModels(List.of("mock/mini"))
                .endpoints(
                        Endpoint.builder("configured")
                                .model(upstreamModel("gpt-4o"))
                                .maxRetries(0)
                                .fallback("mock/echo")
                                .build(),
                        Endpoint.builder("inheriting")
                                .model(upstreamModel("gpt-4o"))
                                .maxRetries(0)
                                .build()));
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(MockResponse.json(503, OVERLOADED));
        }

        ChatResponse own = gateway.completion(ChatRequest.builder()
                .model("configured")
                .addUserMessage("x")
                .fallbackModels("mock/balanced")
                .build());
        ChatResponse configured = gateway.completion(ChatRequest.of("configured", "x"));
        ChatResponse inherited = gateway.completion(ChatRequest.of("inheriting", "x"));

        assertThat(own.attempts()).extracting(Attempt::model).containsExactly("openai/gpt-4o", "mock/balanced");
        assertThat(configured.attempts()).extracting(Attempt::model).containsExactly("openai/gpt-4o", "mock/echo");
        assertThat(inherited.attempts()).extracting(Attempt::model).containsExactly("openai/gpt-4o", "mock/mini");
    }

    @Test
    void aPlainModelCallCanFallBackToAnEndpoint() {
        Gateway gateway = gateway(Gateway.builder()
                .env(Map.of("OPENAI_API_KEY", "sk-global", "OPENAI_BASE_URL", upstream.url("/v1")))
                .endpoints(Endpoint.chat("backup", "mock", "echo")));
        upstream.enqueue(MockResponse.json(503, OVERLOADED));

        ChatResponse response = gateway.completion(ChatRequest.builder()
                .model("gpt-4o")
                .addUserMessage("rescued")
                .maxRetries(0)
                .fallbackModels("backup")
                .build());

        assertThat(response.content()).isEqualTo("rescued");
        assertThat(response.attempts())
                .extracting(Attempt::model, Attempt::outcome)
                .containsExactly(tuple("gpt-4o", Attempt.Outcome.FAILED), tuple("mock/echo", Attempt.Outcome.SUCCESS));
    }

    @Test
    void endpointDefaultsFillOnlyTheParametersARequestLeavesUnset() {
        Gateway gateway = gateway(Gateway.builder()
                .endpoints(Endpoint.builder("chat")
                        .model(upstreamModel("gpt-4o"))
                        .defaults(EndpointDefaults.builder()
                                .temperature(0.2)
                                .maxTokens(64)
                                .stop(List.of("END"))
                                .build())
                        .build()));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        gateway.completion(ChatRequest.of("chat", "hi"));
        gateway.completion(ChatRequest.builder()
                .model("chat")
                .addUserMessage("hi")
                .temperature(0.9)
                .stop("STOP")
                .build());

        JsonNode defaulted = upstream.takeRequest().jsonBody();
        assertThat(defaulted.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(defaulted.path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(defaulted.path("stop").get(0).asText()).isEqualTo("END");
        JsonNode overridden = upstream.takeRequest().jsonBody();
        assertThat(overridden.path("temperature").asDouble()).isEqualTo(0.9);
        assertThat(overridden.path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(overridden.path("stop").get(0).asText()).isEqualTo("STOP");
    }

    @Test
    void theEndpointsTimeoutAppliesUnlessTheRequestSetsItsOwn() {
        Gateway gateway = gateway(Gateway.builder()
                .timeout(Duration.ofSeconds(30))
                .endpoints(Endpoint.builder("chat")
                        .model(upstreamModel("gpt-4o"))
                        .maxRetries(0)
                        .timeout(Duration.ofMillis(50))
                        .build()));
        upstream.enqueue(
                MockResponse.json(200, Fixtures.text("openai/chat.json")).headersDelay(Duration.ofMillis(300)));
        upstream.enqueue(
                MockResponse.json(200, Fixtures.text("openai/chat.json")).headersDelay(Duration.ofMillis(300)));

        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("chat", "hi")))
                .isInstanceOf(AttemptTimeoutException.class);
        ChatResponse patient = gateway.completion(ChatRequest.builder()
                .model("chat")
                .addUserMessage("hi")
                .timeout(Duration.ofSeconds(10))
                .build());

        assertThat(patient.content()).isEqualTo("The capital of France is Paris.");
    }

    @Test
    void anEndpointStreamsLikeAModel() {
        Gateway gateway = gateway(Gateway.builder().endpoints(Endpoint.chat("chat", "mock", "echo")));

        StringBuilder text = new StringBuilder();
        try (ChatStream stream = gateway.stream(ChatRequest.of("chat", "streamed through an endpoint"))) {
            for (ChatChunk chunk : stream) {
                if (chunk.content() != null) {
                    text.append(chunk.content());
                }
            }
            assertThat(stream.response().attempts()).extracting(Attempt::model).containsExactly("mock/echo");
        }
        assertThat(text).hasToString("streamed through an endpoint");
    }

    @Test
    void anInterceptorThatRetargetsARoutedCallGetsTheModelItNamed() {
        Interceptor retarget = new Interceptor() {
            @Override
            public ChatResponse intercept(Chain chain) {
                assertThat(chain.context().<String>attribute(EndpointRouter.ENDPOINT_ATTRIBUTE))
                        .hasValue("chat");
                return chain.proceed(chain.request().withModel("mock/mini"));
            }
        };
        Gateway gateway =
                gateway(Gateway.builder().interceptor(retarget).endpoints(Endpoint.chat("chat", "mock", "echo")));

        ChatResponse response = gateway.completion(ChatRequest.of("chat", "hi"));

        assertThat(response.model()).isEqualTo("mini");
        assertThat(response.attempts()).extracting(Attempt::model).containsExactly("mock/mini");
    }

    @Test
    void completionsEndpointsServeChatCallsAndOtherNamesGoToTheResolver() {
        Gateway gateway = gateway(Gateway.builder()
                .endpoints(Endpoint.builder("complete")
                        .type(EndpointType.COMPLETIONS)
                        .model("mock", "echo")
                        .build()));

        assertThat(gateway.query("complete", "Once upon a time").content()).isEqualTo("Once upon a time");
        assertThat(gateway.query("mock/echo", "plain model").content()).isEqualTo("plain model");
        assertThatThrownBy(() -> gateway.query("compleet", "x")).isInstanceOf(UnknownModelException.class);
    }
}
