package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.internal.http.ProviderErrors;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.internal.http.SseEvent;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.ProviderCall;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code streamGenerateContent?alt=sse} into {@link ChatChunk}s. Every {@code data:} event is a whole
 * {@code GenerateContentResponse} holding the next piece of each candidate; function calls arrive whole.
 * Gemini sends no terminal event: the stream ended normally only if a candidate carried a
 * {@code finishReason} (or the prompt was blocked) before the body ended. One consumer thread.
 */
final class GeminiChunkSource implements ChunkSource {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

    private final SseConnection connection;
    private final ProviderCall call;
    private final long created = GeminiResponses.nowSeconds();
    private final Map<Integer, Integer> callsSoFar = new HashMap<>();
    private final Set<Integer> started = new HashSet<>();
    private String id;
    private String model;
    private boolean finished;
    private boolean closed;

    GeminiChunkSource(SseConnection connection, ProviderCall call) {
        this.connection = connection;
        this.call = call;
    }

    @Override
    public ChatChunk next() {
        if (closed) {
            return null;
        }
        try {
            while (true) {
                SseEvent event = connection.next(call.waitBudget());
                if (event == null) {
                    close();
                    if (!finished) {
                        throw new MalformedResponseException(call.deployment().provider()
                                + " stream ended before any candidate finished (truncated)");
                    }
                    return null;
                }
                if (event.data().isBlank()) {
                    continue;
                }
                ChatChunk chunk = toChunk(Json.parse(event.data(), call.deployment().provider()));
                if (!chunk.choices().isEmpty() || chunk.usage().isPresent()) {
                    return chunk;
                }
            }
        } catch (RuntimeException failure) {
            close();
            throw failure;
        }
    }

    private ChatChunk toChunk(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && error.isObject()) {
            // an error after the 200 headers arrives as an event in Google's error shape
            int status = error.path("code").asInt(500);
            throw ProviderErrors.fromResponse(call.deployment().provider(), status, NO_HEADERS, body.toString());
        }
        if (id == null) {
            id = GeminiResponses.responseId(body);
            model = GeminiResponses.model(body, call.deployment());
        }
        List<ChatChunk.Delta> deltas = new ArrayList<>();
        JsonNode candidates = body.path("candidates");
        for (int position = 0; position < candidates.size(); position++) {
            ChatChunk.Delta delta = delta(candidates.get(position), position);
            if (delta.role() != null || delta.content() != null || !delta.toolCalls().isEmpty()
                    || delta.finishReason() != null) {
                deltas.add(delta);
            }
        }
        if (candidates.isEmpty() && GeminiResponses.blockReason(body) != null) {
            finished = true;
            deltas.add(new ChatChunk.Delta(0, Role.ASSISTANT, null, List.of(), "content_filter"));
        }
        boolean last = deltas.stream().anyMatch(d -> d.finishReason() != null);
        // every Gemini chunk repeats usageMetadata so far; the one on the finishing chunk is the total
        Usage usage = last ? GeminiResponses.usage(body) : null;
        return new ChatChunk(id, created, model, deltas, Optional.ofNullable(usage));
    }

    private ChatChunk.Delta delta(JsonNode candidate, int position) {
        int index = GeminiResponses.index(candidate, position);
        int ordinal = callsSoFar.getOrDefault(index, 0);
        GeminiResponses.Parts parts = GeminiResponses.parts(candidate, ordinal);
        List<ChatChunk.ToolCallDelta> calls = new ArrayList<>();
        for (int i = 0; i < parts.calls().size(); i++) {
            ToolCall tc = parts.calls().get(i);
            calls.add(new ChatChunk.ToolCallDelta(ordinal + i, tc.id(), tc.name(), tc.arguments()));
        }
        callsSoFar.put(index, ordinal + calls.size());
        String finish = GeminiResponses.finishReason(Json.text(candidate, "finishReason"),
                callsSoFar.get(index) > 0);
        if (finish != null) {
            finished = true;
        }
        Role role = started.add(index) ? Role.ASSISTANT : null;
        String text = parts.text() == null || parts.text().isEmpty() ? null : parts.text();
        return new ChatChunk.Delta(index, role, text, calls, finish);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }
}
