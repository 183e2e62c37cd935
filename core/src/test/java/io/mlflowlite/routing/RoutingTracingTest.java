package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces show which endpoint, route and destination served each call, and under which configuration. */
class RoutingTracingTest {
    @TempDir
    Path spill;

    private final InMemoryTraceStore store = new InMemoryTraceStore(100);
    private Tracing tracing;
    private Gateway gateway;

    @BeforeEach
    void start() {
        tracing = Tracing.builder()
                .store(store)
                .spillDir(spill)
                .experiment("routing")
                .build();
        RoutingConfig config = SimulatedGateways.fixture("mock-split-70-30.yaml");
        Endpoint down = Endpoint.builder("down")
                .maxRetries(0)
                .model(new ModelSpec("openai", "gpt-4o", ModelConfig.at("http://127.0.0.1:1/v1", "sk-x")))
                .build();
        gateway = Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .routing(config)
                .endpoints(down)
                .trafficSplitter((route, request) -> route.destinationAt(99)) // always the last destination
                .build();
    }

    @AfterEach
    void close() {
        gateway.close();
        tracing.close();
    }

    private Span root(String traceId) {
        tracing.flush(Duration.ofSeconds(5));
        Trace trace = store.get(traceId).orElseThrow(() -> new AssertionError("trace " + traceId + " was not stored"));
        return trace.root().orElseThrow();
    }

    @Test
    void aCallThroughARouteRecordsTheRouteTheDestinationAndTheConfiguration() {
        ChatResponse response = gateway.completion(ChatRequest.of("chat", "hi"));

        Map<String, Object> attributes = root(response.traceId().orElseThrow()).attributes();
        assertThat(attributes)
                .containsEntry("mlflowlite.route", "chat")
                .containsEntry("mlflowlite.destination", "strong")
                .containsEntry("mlflowlite.endpoint", "strong")
                .containsEntry("mlflowlite.endpoint.model", "mock/pro")
                .containsEntry("mlflowlite.routing.config", gateway.routing().label())
                .containsEntry("gen_ai.request.model", "chat")
                .containsEntry("gen_ai.response.model", "pro")
                .doesNotContainKey("mlflowlite.targets");
    }

    @Test
    void aCallToAnEndpointRecordsItWithoutARoute() {
        ChatResponse response = gateway.completion(ChatRequest.of("fast", "hi"));

        Map<String, Object> attributes = root(response.traceId().orElseThrow()).attributes();
        assertThat(attributes)
                .containsEntry("mlflowlite.endpoint", "fast")
                .containsEntry("mlflowlite.endpoint.model", "mock/mini")
                .doesNotContainKeys("mlflowlite.route", "mlflowlite.destination");
    }

    @Test
    void aStreamedCallAndAFailedCallAreRecordedWithTheirEndpoint() {
        String streamed;
        try (ChatStream stream = gateway.stream(ChatRequest.of("chat", "streamed"))) {
            stream.forEach(chunk -> {});
            streamed = stream.response().traceId().orElseThrow();
        }
        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("down", "hi")))
                .isInstanceOf(MlflowliteException.class);

        assertThat(root(streamed).attributes())
                .containsEntry("mlflowlite.route", "chat")
                .containsEntry("mlflowlite.endpoint", "strong");
        List<TraceInfo> failed = store.search(
                        TraceQuery.builder().state(TraceState.ERROR).build())
                .traces();
        assertThat(failed).hasSize(1);
        Span failedRoot = root(failed.get(0).traceId());
        assertThat(failedRoot.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(failedRoot.attributes())
                .containsEntry("mlflowlite.endpoint", "down")
                .containsEntry("mlflowlite.endpoint.model", "openai/gpt-4o");
    }

    @Test
    void aCallToAPlainModelHasNoRoutingAttributes() {
        ChatResponse response = gateway.completion(ChatRequest.of("mock/echo", "hi"));

        assertThat(root(response.traceId().orElseThrow()).attributes().keySet())
                .noneMatch(key -> key.startsWith("mlflowlite.endpoint") || key.startsWith("mlflowlite.route"));
    }
}
