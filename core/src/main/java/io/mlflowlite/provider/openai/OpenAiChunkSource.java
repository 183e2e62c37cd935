package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.internal.http.SseEvent;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.ProviderCall;

/**
 * Decodes an OpenAI {@code chat/completions} event stream: one {@code chat.completion.chunk} per {@code data:}
 * event until {@code data: [DONE]}. A stream that ends without {@code [DONE]} was cut off and fails with
 * {@link MalformedResponseException}; an {@code error} object sent mid-stream fails with
 * {@link ProviderException}. Chunks with neither choices nor usage (Azure's leading {@code prompt_filter_results})
 * are skipped. Each wait is bounded by the call's wait budget. Used by one thread at a time.
 */
final class OpenAiChunkSource implements ChunkSource {
    private final SseConnection connection;
    private final ProviderCall call;
    private final String provider;
    private boolean done;

    OpenAiChunkSource(SseConnection connection, ProviderCall call) {
        this.connection = connection;
        this.call = call;
        this.provider = call.deployment().provider();
    }

    @Override
    public ChatChunk next() {
        if (done) {
            return null;
        }
        try {
            while (true) {
                SseEvent event = connection.next(call.waitBudget());
                if (event == null) {
                    throw new MalformedResponseException(
                            provider + " ended the stream before 'data: [DONE]' " + "(truncated response)");
                }
                String data = event.data().strip();
                if (data.equals("[DONE]")) {
                    finish();
                    return null;
                }
                if (data.isEmpty()) {
                    continue;
                }
                JsonNode node = Json.parse(data, provider);
                if ("error".equals(event.event())
                        || node.hasNonNull("error")
                        || "error".equals(Json.text(node, "object"))) {
                    throw streamError(node);
                }
                ChatChunk chunk = OpenAiWire.parseChunk(node);
                if (chunk.choices().isEmpty() && chunk.usage().isEmpty()) {
                    // Azure opens with a chunk of prompt_filter_results only (empty id and model): nothing
                    // for the caller, and its empty id must not become the response's
                    continue;
                }
                return chunk;
            }
        } catch (RuntimeException failure) {
            finish();
            throw failure;
        }
    }

    /**
     * An error event after the 200 headers: OpenAI sends {@code {"error": {...}}}, vLLM
     * {@code {"object": "error", "message": ..., "code": 400}}. There is no HTTP status of its own, so a
     * numeric {@code code} is taken as one and anything else counts as a server error (500).
     */
    private ProviderException streamError(JsonNode node) {
        JsonNode error = node.path("error").isObject() ? node.get("error") : node;
        String message = Json.text(error, "message");
        if (message == null && node.get("error") != null && node.get("error").isTextual()) {
            message = node.get("error").asText();
        }
        JsonNode code = error.get("code");
        int status = code != null && code.isIntegralNumber() && code.asInt() >= 400 && code.asInt() < 600
                ? code.asInt()
                : 500;
        String codeText = code == null || code.isNull() ? null : code.asText();
        return new ProviderException(
                provider,
                status,
                Json.text(error, "type"),
                codeText,
                message == null ? Json.abbreviate(node.toString()) : message,
                ProviderException.retryableStatus(status));
    }

    private void finish() {
        done = true;
        connection.close();
    }

    @Override
    public void close() {
        done = true;
        connection.close();
    }
}
