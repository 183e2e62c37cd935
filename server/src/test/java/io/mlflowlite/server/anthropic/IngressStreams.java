package io.mlflowlite.server.anthropic;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.StreamAccumulator;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.provider.mock.MockProvider;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real chunk sequences to drive {@link AnthropicSseWriter} with, and the writer driven the way a server would. */
final class IngressStreams {
    static final ChatRequest WEATHER_QUESTION = ChatRequest.builder()
            .model("mock/balanced")
            .addUserMessage("What's the weather in Rome?")
            .tools(
                    ToolDefinition.function(
                            "get_weather",
                            "Weather for a city",
                            Json.read(
                                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")))
            .build();
    static final ChatRequest POEM_REQUEST = ChatRequest.builder()
            .model("mock/balanced")
            .addUserMessage("Write a short poem about the sea")
            .build();

    private IngressStreams() {}

    /** The chunks of an OpenAI SSE transcript, decoded by the OpenAI codec as the OpenAI adapter decodes them. */
    static List<ChatChunk> openAiChunks(String fixture) {
        List<ChatChunk> chunks = new ArrayList<>();
        for (String line : Fixtures.text(fixture).split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                chunks.add(OpenAiWire.parseChunk(Json.read(line.substring(6))));
            }
        }
        return chunks;
    }

    /** The chunks the simulated provider streams for {@code request}, without its simulated latency. */
    static List<ChatChunk> mockChunks(ChatRequest request) {
        MockProvider provider = new MockProvider(MockModels.bundled().withLatencyScale(0));
        Deployment deployment = new Deployment(
                "mock/balanced", "mock", "mock", "balanced", URI.create("mock://local"), null, Map.of(), null);
        ProviderCall call = new ProviderCall(
                request, deployment, Duration.ofSeconds(30), Deadline.after(TimeSource.SYSTEM, Duration.ofSeconds(30)));
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChunkSource source = provider.stream(call)) {
            for (ChatChunk chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    static ChatResponse accumulate(List<ChatChunk> chunks) {
        StreamAccumulator accumulator = new StreamAccumulator();
        chunks.forEach(accumulator::add);
        return accumulator.toResponse();
    }

    /** Every event the writer gives for {@code chunks}, finished with their accumulated response. */
    static List<AnthropicSseWriter.Event> events(List<ChatChunk> chunks, String requestedModel) {
        AnthropicSseWriter writer = new AnthropicSseWriter(requestedModel);
        List<AnthropicSseWriter.Event> events = new ArrayList<>();
        for (ChatChunk chunk : chunks) {
            events.addAll(writer.onChunk(chunk));
        }
        events.addAll(writer.finish(accumulate(chunks)));
        return events;
    }

    static String[] wire(List<AnthropicSseWriter.Event> events) {
        return events.stream().map(AnthropicSseWriter.Event::toWire).toArray(String[]::new);
    }
}
