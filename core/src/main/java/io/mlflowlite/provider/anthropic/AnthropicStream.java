package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Role;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.internal.http.SseEvent;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.provider.UrlCitations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes a Messages API event stream into OpenAI-shaped chunks: the first carries the assistant role, text
 * and tool-call argument fragments follow as they arrive, and the last carries the finish reason and usage.
 * Thinking blocks stream as reasoning pieces (text, then signature), citations and whole server-tool blocks as
 * extension fields ({@link AnthropicExtras}). A tool call whose input never got a fragment streams {@code "{}"},
 * as the non-streamed answer says. A repeated {@code message_start} adds nothing; content already present in
 * {@code message_start} is sent with the role.
 * {@code message_stop} is the only normal end; a stream that ends without it is a
 * {@link MalformedResponseException}, an {@code event: error} a {@link io.mlflowlite.error.ProviderException}.
 * Each wait for an event lasts at most the call's wait budget. One consumer thread.
 */
final class AnthropicStream implements ChunkSource {
    private enum Kind {
        TEXT,
        TOOL,
        JSON_OUTPUT,
        THINKING,
        SERVER_TOOL,
        SERVER_RESULT,
        IGNORED
    }

    /** What the content block at one index is, and what it has received so far. */
    private static final class Block {
        final Kind kind;
        final int ordinal; // among tool calls for TOOL, among reasoning blocks for THINKING
        final ObjectNode start;
        final StringBuilder json = new StringBuilder();
        final ArrayNode citations = Json.array();
        int textStart;

        Block(Kind kind, int ordinal, ObjectNode start) {
            this.kind = kind;
            this.ordinal = ordinal;
            this.start = start;
        }
    }

    private final SseConnection connection;
    private final ProviderCall call;
    private final String provider;
    private final String jsonOutputTool;
    private final long created;
    private final Map<Integer, Block> blocks = new HashMap<>();

    private String id;
    private String model;
    private JsonNode usage = Json.object();
    private String stopReason;
    private JsonNode stopDetails;
    private int toolCalls;
    private int reasoningBlocks;
    private int textLength; // characters of content sent so far, for url_citation offsets
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
            case "content_block_stop" -> blockStop(data.path("index").asInt());
            case "message_delta" -> {
                stopReason = Json.text(data.path("delta"), "stop_reason");
                JsonNode details = data.path("delta").get("stop_details");
                stopDetails = details == null || details.isNull() ? stopDetails : details;
                addUsage(data.path("usage"));
                yield null;
            }
            case "message_stop" -> stop();
            case "error" -> throw AnthropicResponse.error(provider, data.path("error"));
            // ping and event types added later carry nothing for the caller
            default -> null;
        };
    }

    private ChatChunk start(JsonNode message) {
        if (started) {
            // a repeated message_start opens nothing new: keep its usage, send no second role
            addUsage(message.path("usage"));
            return null;
        }
        id = Json.text(message, "id");
        model = Json.text(message, "model");
        addUsage(message.path("usage"));
        started = true;
        // content already in message_start is as much the answer as what the deltas bring
        List<ChatChunk.Delta> parts = new ArrayList<>();
        JsonNode content = message.path("content");
        for (int i = 0; i < content.size(); i++) {
            ChatChunk piece = blockStart(i, content.get(i));
            ChatChunk closing = blockStop(i); // whole already: no delta will follow
            if (piece != null) {
                parts.addAll(piece.choices());
            }
            if (closing != null) {
                parts.addAll(closing.choices());
            }
        }
        // not through chunk(): the pieces' text was counted when blockStart made them
        return new ChatChunk(
                id,
                created,
                model,
                List.of(merge(new ChatChunk.Delta(0, Role.ASSISTANT, "", List.of(), null), parts)),
                Optional.empty());
    }

    private ChatChunk blockStart(int index, JsonNode block) {
        requireStarted("content_block_start");
        String blockType = Json.text(block, "type");
        ObjectNode copy = block.isObject() ? ((ObjectNode) block).deepCopy() : Json.object();
        switch (blockType == null ? "" : blockType) {
            case "text" -> {
                Block textBlock = new Block(Kind.TEXT, -1, copy);
                textBlock.textStart = textLength;
                if (block.path(AnthropicExtras.CITATIONS).isArray()) {
                    textBlock.citations.addAll(
                            (ArrayNode) block.get(AnthropicExtras.CITATIONS).deepCopy());
                }
                blocks.put(index, textBlock);
                String text = Json.text(block, "text");
                ChatChunk.Delta delta = new ChatChunk.Delta(
                        0,
                        null,
                        text == null || text.isEmpty() ? null : text,
                        List.of(),
                        null,
                        AnthropicExtras.citationDelta(block.get("citations")));
                return delta.content() == null && delta.extras().isEmpty() ? null : chunk(delta);
            }
            case "tool_use" -> {
                String name = Json.text(block, "name");
                if (jsonOutputTool != null && jsonOutputTool.equals(name)) {
                    structuredOutput = true;
                    blocks.put(index, new Block(Kind.JSON_OUTPUT, -1, copy));
                    return null;
                }
                int toolIndex = toolCalls++;
                Block started = new Block(Kind.TOOL, toolIndex, copy);
                blocks.put(index, started);
                // the input is normally {} with the arguments following as fragments; an input given whole
                // (content already in message_start) is the arguments
                String arguments = "";
                if (hasInput(block)) {
                    arguments = block.get("input").toString();
                    started.json.append(arguments);
                }
                // OpenAI's first piece of a call names it and starts its arguments
                return chunk(new ChatChunk.Delta(
                        0,
                        null,
                        null,
                        List.of(new ChatChunk.ToolCallDelta(toolIndex, Json.text(block, "id"), name, arguments)),
                        null));
            }
            case "thinking", "redacted_thinking" -> {
                int ordinal = reasoningBlocks++;
                blocks.put(index, new Block(Kind.THINKING, ordinal, copy));
                String thinking = Json.text(block, "thinking");
                String signature = Json.text(block, "signature");
                ChatChunk.ReasoningDelta piece = new ChatChunk.ReasoningDelta(
                        ordinal,
                        blockType,
                        thinking == null || thinking.isEmpty() ? null : thinking,
                        signature == null || signature.isEmpty() ? null : signature,
                        Json.text(block, "data"));
                return chunk(new ChatChunk.Delta(
                        0, null, null, List.of(), null, new ChatChunk.Extras(null, List.of(piece), null)));
            }
            default -> {
                if (AnthropicExtras.isServerToolUse(blockType)) {
                    // its input streams as JSON fragments: sent whole when the block stops
                    blocks.put(index, new Block(Kind.SERVER_TOOL, -1, copy));
                    return null;
                }
                if (AnthropicExtras.isServerToolResult(blockType)) {
                    blocks.put(index, new Block(Kind.SERVER_RESULT, -1, copy));
                    return null;
                }
                blocks.put(index, new Block(Kind.IGNORED, -1, copy));
                return null;
            }
        }
    }

    private ChatChunk blockDelta(int index, JsonNode delta) {
        requireStarted("content_block_delta");
        Block block = blocks.getOrDefault(index, new Block(Kind.IGNORED, -1, Json.object()));
        String deltaType = Json.text(delta, "type");
        // a text delta for a block whose start never came is still text: keep it rather than lose words
        if ("text_delta".equals(deltaType) && (block.kind == Kind.TEXT || !blocks.containsKey(index))) {
            String text = Json.text(delta, "text");
            return text == null || text.isEmpty() ? null : text(text);
        }
        if ("input_json_delta".equals(deltaType)) {
            String fragment = Json.text(delta, "partial_json");
            if (fragment == null || fragment.isEmpty()) {
                return null;
            }
            block.json.append(fragment);
            if (block.kind == Kind.JSON_OUTPUT) {
                return text(fragment);
            }
            if (block.kind == Kind.TOOL) {
                return chunk(new ChatChunk.Delta(
                        0,
                        null,
                        null,
                        List.of(new ChatChunk.ToolCallDelta(block.ordinal, null, null, fragment)),
                        null));
            }
            return null;
        }
        if (block.kind == Kind.THINKING
                && ("thinking_delta".equals(deltaType) || "signature_delta".equals(deltaType))) {
            String thinking = Json.text(delta, "thinking");
            String signature = Json.text(delta, "signature");
            return chunk(new ChatChunk.Delta(
                    0,
                    null,
                    null,
                    List.of(),
                    null,
                    new ChatChunk.Extras(
                            null,
                            List.of(new ChatChunk.ReasoningDelta(block.ordinal, null, thinking, signature, null)),
                            null)));
        }
        if ("citations_delta".equals(deltaType)) {
            block.citations.add(delta.path("citation").deepCopy());
            ChatChunk.Extras extras = AnthropicExtras.citationDelta(Json.array().add(delta.path("citation")));
            return extras.isEmpty() ? null : chunk(new ChatChunk.Delta(0, null, null, List.of(), null, extras));
        }
        return null;
    }

    /** Closes a block: a tool call that got no argument fragment is {@code {}}; a server-tool block is sent whole. */
    private ChatChunk blockStop(int index) {
        Block block = blocks.get(index);
        if (block == null) {
            return null;
        }
        if (block.kind == Kind.TEXT && !block.citations.isEmpty()) {
            // the block's extent is known only now: its web sources as OpenAI's url_citation annotations
            ArrayNode annotations = UrlCitations.array();
            AnthropicExtras.addUrlCitations(annotations, block.citations, block.textStart, textLength);
            block.citations.removeAll();
            return annotations.isEmpty()
                    ? null
                    : chunk(new ChatChunk.Delta(
                            0, null, null, List.of(), null, ChatChunk.Extras.field(UrlCitations.FIELD, annotations)));
        }
        if (block.kind == Kind.TOOL && block.json.isEmpty()) {
            block.json.append("{}");
            return chunk(new ChatChunk.Delta(
                    0, null, null, List.of(new ChatChunk.ToolCallDelta(block.ordinal, null, null, "{}")), null));
        }
        if (block.kind == Kind.SERVER_TOOL || block.kind == Kind.SERVER_RESULT) {
            ObjectNode whole = block.start;
            if (block.kind == Kind.SERVER_TOOL && !block.json.isEmpty()) {
                whole.set("input", Json.parse(block.json.toString(), provider));
            }
            return chunk(new ChatChunk.Delta(
                    0,
                    null,
                    null,
                    List.of(),
                    null,
                    ChatChunk.Extras.field(
                            AnthropicExtras.SERVER_TOOL_BLOCKS, Json.array().add(whole))));
        }
        return null;
    }

    private ChatChunk stop() {
        requireStarted("message_stop");
        finished = true;
        FinishReason finish = AnthropicResponse.finishReason(stopReason, structuredOutput && toolCalls == 0);
        ChatChunk.Extras extras = AnthropicExtras.stopDelta(stopReason, stopDetails, usage);
        return new ChatChunk(
                id,
                created,
                model,
                List.of(new ChatChunk.Delta(
                        0, null, null, List.of(), finish == null ? FinishReason.STOP : finish, extras)),
                Optional.of(AnthropicResponse.usage(usage)));
    }

    /** Usage counts are running totals: a later event's value replaces an earlier one's. */
    private void addUsage(JsonNode more) {
        if (more != null && more.isObject()) {
            ObjectNode merged = ((ObjectNode) usage).deepCopy();
            more.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            usage = merged;
        }
    }

    private static boolean hasInput(JsonNode block) {
        JsonNode input = block.get("input");
        return input != null && input.isObject() && !input.isEmpty();
    }

    /** One delta of {@code first} with every piece of {@code rest} folded in (all for choice 0). */
    private static ChatChunk.Delta merge(ChatChunk.Delta first, List<ChatChunk.Delta> rest) {
        StringBuilder text = new StringBuilder(first.content() == null ? "" : first.content());
        List<ChatChunk.ToolCallDelta> calls = new ArrayList<>(first.toolCalls());
        List<ChatChunk.ReasoningDelta> reasoning = new ArrayList<>();
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (ChatChunk.Delta d : rest) {
            if (d.content() != null) {
                text.append(d.content());
            }
            calls.addAll(d.toolCalls());
            reasoning.addAll(d.extras().reasoning());
            d.extras()
                    .fields()
                    .forEach((k, v) -> fields.merge(
                            k,
                            v,
                            (a, b) ->
                                    a.isArray() && b.isArray() ? ((ArrayNode) a.deepCopy()).addAll((ArrayNode) b) : b));
        }
        return new ChatChunk.Delta(
                first.index(),
                first.role(),
                text.toString(),
                calls,
                null,
                new ChatChunk.Extras(null, reasoning, fields));
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
        if (delta.content() != null) {
            textLength += UrlCitations.length(delta.content());
        }
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
