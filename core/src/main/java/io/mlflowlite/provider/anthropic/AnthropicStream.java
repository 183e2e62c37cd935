package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Role;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.internal.http.SseEvent;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.ProviderCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes a Messages API event stream into OpenAI-shaped chunks: the first carries the assistant role, text
 * and tool-call argument fragments follow as they arrive, and the last carries the finish reason and usage.
 * {@code message_stop} is the only normal end; a stream that ends without it is a
 * {@link MalformedResponseException}, an {@code event: error} a {@link io.mlflowlite.error.ProviderException}.
 * Each wait for an event lasts at most the call's wait budget. One consumer thread.
 */
final class AnthropicStream implements ChunkSource {
    private enum Kind { TEXT, TOOL, JSON_OUTPUT, IGNORED }

    private record Block(Kind kind, int toolIndex) {
    }

    private final SseConnection connection;
    private final ProviderCall call;
    private final String provider;
    private final String jsonOutputTool;
    private final long created;
    private final Map<Integer, Block> blocks = new HashMap<>();

    private String id;
    private String model;
    private int inputTokens;
    private int cacheReadTokens;
    private int cacheWriteTokens;
    private int outputTokens;
    private String stopReason;
    private int toolCalls;
    private boolean structuredOutput;
    private boolean started;
    private boolean finished;
    private boolean closed;

    AnthropicStream(SseConnection connection, ProviderCall call, String jsonOutputTool, long created) {
        this.connection = connection;
        this.call = call;
        this.provider = call.deployment().provider();
        this.jsonOutputTool = jsonOutputTool;
        this.created = created;
    }

    @Override
    public ChatChunk next() {
        if (finished || closed) {
            close(); // message_stop was the last event: release the connection without waiting for its end
            return null;
        }
        try {
            while (true) {
                SseEvent event = connection.next(call.waitBudget());
                if (event == null) {
                    throw new MalformedResponseException(provider + " ended the stream before message_stop"
                            + (id == null ? "" : " (message " + id + ")"));
                }
                ChatChunk chunk = decode(event);
                if (chunk != null) {
                    return chunk;
                }
            }
        } catch (RuntimeException failure) {
            close();
            throw failure;
        }
    }

    /** The chunk this event yields, or null when it yields none. */
    private ChatChunk decode(SseEvent event) {
        JsonNode data = Json.parse(event.data(), provider);
        String type = event.event() != null ? event.event() : Json.text(data, "type");
        return switch (type == null ? "" : type) {
            case "message_start" -> start(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> {
                stopReason = Json.text(data.path("delta"), "stop_reason");
                addUsage(data.path("usage"));
                yield null;
            }
            case "message_stop" -> stop();
            case "error" -> throw AnthropicResponse.error(provider, data.path("error"));
            // ping, content_block_stop and event types added later carry nothing for the caller
            default -> null;
        };
    }

    private ChatChunk start(JsonNode message) {
        id = Json.text(message, "id");
        model = Json.text(message, "model");
        addUsage(message.path("usage"));
        started = true;
        return chunk(new ChatChunk.Delta(0, Role.ASSISTANT, "", List.of(), null));
    }

    private ChatChunk blockStart(int index, JsonNode block) {
        requireStarted("content_block_start");
        String blockType = Json.text(block, "type");
        if ("text".equals(blockType)) {
            blocks.put(index, new Block(Kind.TEXT, -1));
            String text = Json.text(block, "text");
            return text == null || text.isEmpty() ? null : text(text);
        }
        if ("tool_use".equals(blockType)) {
            String name = Json.text(block, "name");
            if (jsonOutputTool != null && jsonOutputTool.equals(name)) {
                structuredOutput = true;
                blocks.put(index, new Block(Kind.JSON_OUTPUT, -1));
                return null;
            }
            int toolIndex = toolCalls++;
            blocks.put(index, new Block(Kind.TOOL, toolIndex));
            // OpenAI's first piece of a call names it and starts its arguments empty
            return chunk(new ChatChunk.Delta(0, null, null,
                    List.of(new ChatChunk.ToolCallDelta(toolIndex, Json.text(block, "id"), name, "")), null));
        }
        blocks.put(index, new Block(Kind.IGNORED, -1)); // thinking, redacted_thinking, server tools
        return null;
    }

    private ChatChunk blockDelta(int index, JsonNode delta) {
        requireStarted("content_block_delta");
        Block block = blocks.getOrDefault(index, new Block(Kind.IGNORED, -1));
        String deltaType = Json.text(delta, "type");
        // a text delta for a block whose start never came is still text: keep it rather than lose words
        if ("text_delta".equals(deltaType) && (block.kind() == Kind.TEXT || !blocks.containsKey(index))) {
            String text = Json.text(delta, "text");
            return text == null || text.isEmpty() ? null : text(text);
        }
        if ("input_json_delta".equals(deltaType)) {
            String fragment = Json.text(delta, "partial_json");
            if (fragment == null || fragment.isEmpty()) {
                return null;
            }
            if (block.kind() == Kind.JSON_OUTPUT) {
                return text(fragment);
            }
            if (block.kind() == Kind.TOOL) {
                return chunk(new ChatChunk.Delta(0, null, null,
                        List.of(new ChatChunk.ToolCallDelta(block.toolIndex(), null, null, fragment)), null));
            }
        }
        return null; // thinking_delta, signature_delta, citations_delta
    }

    private ChatChunk stop() {
        requireStarted("message_stop");
        finished = true;
        String finish = AnthropicResponse.finishReason(stopReason, structuredOutput && toolCalls == 0);
        return new ChatChunk(id, created, model, List.of(new ChatChunk.Delta(0, null, null, List.of(),
                finish == null ? "stop" : finish)),
                Optional.of(AnthropicResponse.usage(inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens)));
    }

    /** Usage counts are running totals: a later event's value replaces an earlier one's. */
    private void addUsage(JsonNode usage) {
        inputTokens = replace(usage, "input_tokens", inputTokens);
        cacheReadTokens = replace(usage, "cache_read_input_tokens", cacheReadTokens);
        cacheWriteTokens = replace(usage, "cache_creation_input_tokens", cacheWriteTokens);
        outputTokens = replace(usage, "output_tokens", outputTokens);
    }

    private static int replace(JsonNode usage, String field, int current) {
        JsonNode value = usage.get(field);
        return value == null || !value.isNumber() ? current : value.asInt();
    }

    private void requireStarted(String event) {
        if (!started) {
            throw new MalformedResponseException(provider + " sent " + event + " before message_start");
        }
    }

    private ChatChunk text(String text) {
        return chunk(new ChatChunk.Delta(0, null, text, List.of(), null));
    }

    private ChatChunk chunk(ChatChunk.Delta delta) {
        return new ChatChunk(id, created, model, List.of(delta), Optional.empty());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }
}
