package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.StreamAccumulator;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A MockLlmServer standing in for api.anthropic.com, and an AnthropicProvider pointed at it. */
public final class AnthropicUpstream implements AutoCloseable {
    public static final String API_KEY = "sk-ant-api03-test-key-0123456789";
    public static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final ObjectMapper PLAIN = new ObjectMapper();

    public final MockLlmServer server = MockLlmServer.start();
    public final AnthropicProvider provider = new AnthropicProvider(HttpTransport.fromEnv(System.getenv()));

    public Deployment deployment(Map<String, String> headers) {
        return new Deployment(
                "anthropic/claude-sonnet-4-5",
                "anthropic",
                "anthropic",
                MODEL,
                URI.create(server.url("/v1")),
                API_KEY,
                headers,
                null);
    }

    public ProviderCall call(ChatRequest request) {
        return call(request, Duration.ofSeconds(5));
    }

    public ProviderCall call(ChatRequest request, Duration timeout) {
        return call(request, Map.of(), timeout);
    }

    public ProviderCall call(ChatRequest request, Map<String, String> deploymentHeaders, Duration timeout) {
        return new ProviderCall(
                request,
                deployment(deploymentHeaders),
                timeout,
                Deadline.after(TimeSource.SYSTEM, Duration.ofSeconds(30)));
    }

    public ChatResponse chat(ChatRequest request) {
        return provider.chat(call(request));
    }

    /** Every chunk of the stream until its normal end. */
    public List<ChatChunk> streamAll(ChatRequest request) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChunkSource source = provider.stream(call(request))) {
            for (ChatChunk chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    public static ChatResponse accumulate(List<ChatChunk> chunks) {
        StreamAccumulator accumulator = new StreamAccumulator();
        chunks.forEach(accumulator::add);
        return accumulator.toResponse();
    }

    /** A Messages API answer read by the adapter, as the gateway would hand it on (for codec round trips). */
    public static ChatResponse readMessage(JsonNode body, String provider, String jsonOutputTool, long created) {
        return AnthropicResponse.toChatResponse(body, provider, jsonOutputTool, created);
    }

    /** The body the adapter sends an Anthropic upstream for {@code request}. */
    public static JsonNode requestBody(ChatRequest request) {
        return AnthropicRequest.of(request, request.model(), request.stream()).body();
    }

    /** JSON text parsed the way the recorded request body is parsed, so trees compare equal. */
    public static JsonNode json(String text) {
        try {
            return PLAIN.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
