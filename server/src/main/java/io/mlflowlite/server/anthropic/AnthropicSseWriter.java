package io.mlflowlite.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.MessageExtras;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.anthropic.AnthropicVocabulary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one stream of OpenAI-shaped {@link ChatChunk}s, from any provider, into the Messages API's event stream,
 * incrementally: each {@link #onChunk} returns the events that chunk completes, to be written and flushed at once.
 *
 * <p>The events, in the order the Messages API sends them:
 * <ol>
 *   <li>{@code message_start}, with the first chunk: the message with empty content, {@code stop_reason: null}
 *       and a usage of zeros (providers report usage only at the end; see below).</li>
 *   <li>Per content block, {@code content_block_start}, its deltas, {@code content_block_stop}: text becomes a
 *       text block ({@code text_delta}), each tool call a {@code tool_use} block with its id and name at the
 *       start and its argument fragments as {@code input_json_delta}s. Blocks are indexed from 0 in the order they
 *       begin, and one block closes before the next opens, as in Anthropic's own streams; text after a tool call
 *       opens a new text block. Tool call ids are kept as the upstream sent them, so the client's
 *       {@code tool_result} names the id the upstream expects back.</li>
 *   <li>From {@link #finish}: {@code message_delta} with the {@code stop_reason} (mapped as in
 *       {@link AnthropicWire#responseJson}) and the final usage, all four counters as running totals as the
 *       Messages API sends them today (the official SDKs' accumulators replace the start's zeros with them), then
 *       {@code message_stop}.</li>
 * </ol>
 * Reasoning pieces become {@code thinking} blocks ({@code thinking_delta}, {@code signature_delta}) or whole
 * {@code redacted_thinking} blocks, server-tool blocks are sent whole, citations as {@code citations_delta}s of
 * the text block; the {@code message_delta} carries an Anthropic upstream's own stop reason and
 * {@code stop_details} and the {@code server_tool_use} usage.
 * Only choice 0 is written (the Messages API has one). Empty text and empty argument fragments produce no event.
 * A fragment for a tool call whose block is already closed (a provider interleaving calls) cannot be framed and
 * is a {@link MalformedResponseException}; no provider mlflowlite speaks does this.
 *
 * <p>Not thread-safe: one writer per stream, driven by the thread relaying it. Never blocks; the events are
 * returned, not written.
 */
public final class AnthropicSseWriter {
    private enum Block {
        NONE,
        TEXT,
        TOOL,
        THINKING
    }

    private final String requestedModel;
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private boolean started;
    private boolean finished;
    private Block open = Block.NONE;
    private int openIndex = -1;
    private int openToolCall = -1;
    private int openReasoning = -1;
    private int nextIndex;
    private String messageId;
    private FinishReason finishReason;
    private Usage usage;

    /**
     * A writer for one stream.
     *
     * @param requestedModel the {@code model} the client asked for, reported when the upstream names none
     */
    public AnthropicSseWriter(String requestedModel) {
        this.requestedModel = requestedModel;
    }

    /**
     * The events {@code chunk} completes; {@code message_start} comes with the first chunk. May be empty.
     *
     * @throws IllegalStateException after {@link #finish} or {@link #error}
     * @throws MalformedResponseException for a fragment of a tool call whose block is already closed
     */
    public List<Event> onChunk(ChatChunk chunk) {
        requireOpen();
        List<Event> events = new ArrayList<>();
        if (!started) {
            events.add(messageStart(chunk.id(), chunk.model()));
        }
        chunk.usage().ifPresent(u -> usage = u);
        for (ChatChunk.Delta delta : chunk.choices()) {
            if (delta.index() != 0) {
                continue;
            }
            extras(delta.extras(), events);
            if (delta.content() != null && !delta.content().isEmpty()) {
                if (open != Block.TEXT) {
                    closeBlock(events);
                    ObjectNode block = Json.object().put("type", "text").put("text", "");
                    openBlock(events, Block.TEXT, block);
                }
                events.add(delta("text_delta", "text", delta.content()));
            }
            for (ChatChunk.ToolCallDelta call : delta.toolCalls()) {
                toolCall(call, events);
            }
            if (delta.finishReason() != null) {
                finishReason = delta.finishReason();
            }
        }
        return events;
    }

    /**
     * The closing events: the open block's {@code content_block_stop}, {@code message_delta} and
     * {@code message_stop} (preceded by {@code message_start} when no chunk came). The stop reason and usage come
     * from {@code accumulated} (the stream's whole response, usage estimated where the provider reported none);
     * when it is null, from the chunks seen.
     *
     * @throws IllegalStateException when called twice or after {@link #error}
     */
    public List<Event> finish(ChatResponse accumulated) {
        requireOpen();
        List<Event> events = new ArrayList<>();
        if (!started) {
            events.add(messageStart(
                    accumulated == null ? null : accumulated.id(), accumulated == null ? null : accumulated.model()));
        }
        closeBlock(events);
        FinishReason finish = accumulated != null ? accumulated.finishReason() : finishReason;
        Usage total = accumulated != null && accumulated.usage() != null ? accumulated.usage() : usage;
        MessageExtras extras = accumulated == null || accumulated.choices().isEmpty()
                ? MessageExtras.NONE
                : accumulated.choices().getFirst().message().extras();
        String stopReason = AnthropicVocabulary.stopReason(finish);
        JsonNode nativeReason = extras.fields().get(AnthropicVocabulary.NATIVE_FINISH_REASON);
        // an Anthropic upstream's own reason (pause_turn, stop_sequence) when it says the same as the mapped one
        if (nativeReason != null
                && stopReason.equals(AnthropicVocabulary.stopReason(
                        AnthropicVocabulary.finishReason(nativeReason.asText(), false)))) {
            stopReason = nativeReason.asText();
        }
        ObjectNode messageDelta = Json.object().put("type", "message_delta");
        ObjectNode delta = messageDelta.putObject("delta").put("stop_reason", stopReason);
        delta.putNull("stop_sequence");
        JsonNode stopDetails = extras.fields().get(AnthropicVocabulary.STOP_DETAILS);
        if (stopDetails != null) {
            delta.set(AnthropicVocabulary.STOP_DETAILS, stopDetails);
        }
        messageDelta.set("usage", AnthropicVocabulary.usageJson(total == null ? Usage.EMPTY : total));
        events.add(new Event("message_delta", messageDelta.toString()));
        events.add(new Event(
                "message_stop", Json.object().put("type", "message_stop").toString()));
        finished = true;
        return events;
    }

    /**
     * The {@code event: error} that ends the stream after a failure mid-stream, with Anthropic's error body for
     * {@code failure} (see {@link AnthropicWire#errorFor}); the official SDKs raise it as an exception. Nothing
     * follows it.
     */
    public Event error(Throwable failure) {
        finished = true;
        AnthropicWire.ErrorMapping mapping = AnthropicWire.errorFor(failure);
        return new Event(
                "error",
                AnthropicWire.errorJson(mapping.status(), mapping.type(), mapping.message())
                        .toString());
    }

    /** A {@code ping} event, which clients ignore: a keep-alive while the upstream is slow. */
    public static Event ping() {
        return new Event("ping", "{\"type\":\"ping\"}");
    }

    /** The message id in the events: {@code msg_…}, derived as {@link AnthropicWire#responseJson} derives it. */
    public String messageId() {
        return messageId;
    }

    /**
     * Reasoning pieces as thinking blocks ({@code thinking_delta}, {@code signature_delta}; a redacted block whole),
     * server-tool blocks whole, citations as {@code citations_delta}s of the text block.
     */
    private void extras(ChatChunk.Extras extras, List<Event> events) {
        for (ChatChunk.ReasoningDelta piece : extras.reasoning()) {
            if (ReasoningBlock.REDACTED.equals(piece.type()) || piece.data() != null) {
                closeBlock(events);
                openBlock(
                        events,
                        Block.THINKING,
                        Json.object()
                                .put("type", "redacted_thinking")
                                .put("data", piece.data() == null ? "" : piece.data()));
                closeBlock(events);
                continue;
            }
            if (open != Block.THINKING || openReasoning != piece.index()) {
                closeBlock(events);
                openBlock(
                        events,
                        Block.THINKING,
                        Json.object()
                                .put("type", "thinking")
                                .put("thinking", "")
                                .put("signature", ""));
                openReasoning = piece.index();
            }
            if (piece.thinking() != null && !piece.thinking().isEmpty()) {
                events.add(delta("thinking_delta", "thinking", piece.thinking()));
            }
            if (piece.signature() != null && !piece.signature().isEmpty()) {
                events.add(delta("signature_delta", "signature", piece.signature()));
            }
        }
        JsonNode serverBlocks = extras.fields().get(AnthropicVocabulary.SERVER_TOOL_BLOCKS);
        if (serverBlocks != null && serverBlocks.isArray()) {
            for (JsonNode block : serverBlocks) {
                closeBlock(events);
                openBlock(events, Block.TOOL, (ObjectNode) block.deepCopy());
                closeBlock(events);
            }
        }
        JsonNode citations = extras.fields().get(AnthropicVocabulary.CITATIONS);
        if (citations != null && citations.isArray()) {
            for (JsonNode citation : citations) {
                if (open != Block.TEXT) {
                    closeBlock(events);
                    ObjectNode block = Json.object().put("type", "text").put("text", "");
                    block.putArray(AnthropicVocabulary.CITATIONS);
                    openBlock(events, Block.TEXT, block);
                }
                ObjectNode event =
                        Json.object().put("type", "content_block_delta").put("index", openIndex);
                event.putObject("delta").put("type", "citations_delta").set("citation", citation.deepCopy());
                events.add(new Event("content_block_delta", event.toString()));
            }
        }
    }

    private void toolCall(ChatChunk.ToolCallDelta call, List<Event> events) {
        Integer index = toolBlocks.get(call.index());
        if (index == null) {
            closeBlock(events);
            ObjectNode block = Json.object()
                    .put("type", "tool_use")
                    .put("id", IngressResponse.toolUseId(call.id()))
                    .put("name", call.name() == null ? "" : call.name());
            block.putObject("input");
            openBlock(events, Block.TOOL, block);
            openToolCall = call.index();
            toolBlocks.put(call.index(), openIndex);
        } else if (open != Block.TOOL || openToolCall != call.index()) {
            throw new MalformedResponseException("Tool call " + call.index() + " continued after content block " + index
                    + " was closed; interleaved tool calls cannot be sent as Anthropic content blocks");
        }
        if (call.arguments() != null && !call.arguments().isEmpty()) {
            events.add(delta("input_json_delta", "partial_json", call.arguments()));
        }
    }

    private Event messageStart(String id, String model) {
        started = true;
        messageId = IngressResponse.messageId(id);
        ObjectNode start = Json.object().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", messageId);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", IngressResponse.model(model, requestedModel));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", AnthropicVocabulary.usageJson(Usage.EMPTY));
        return new Event("message_start", start.toString());
    }

    private void openBlock(List<Event> events, Block kind, ObjectNode block) {
        open = kind;
        openIndex = nextIndex++;
        ObjectNode start = Json.object().put("type", "content_block_start").put("index", openIndex);
        start.set("content_block", block);
        events.add(new Event("content_block_start", start.toString()));
    }

    private void closeBlock(List<Event> events) {
        if (open != Block.NONE) {
            events.add(new Event(
                    "content_block_stop",
                    Json.object()
                            .put("type", "content_block_stop")
                            .put("index", openIndex)
                            .toString()));
            open = Block.NONE;
            openToolCall = -1;
            openReasoning = -1;
        }
    }

    private Event delta(String type, String field, String value) {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", openIndex);
        event.putObject("delta").put("type", type).put(field, value);
        return new Event("content_block_delta", event.toString());
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("The Anthropic event stream has already ended");
        }
    }

    /**
     * One server-sent event of the Messages API.
     *
     * @param event the event name ({@code message_start}, {@code content_block_delta}, {@code error} …)
     * @param data  its JSON, on one line
     */
    public record Event(String event, String data) {
        /** The event as sent on the wire: {@code event: X\ndata: {...}\n\n}. */
        public String toWire() {
            return "event: " + event + "\ndata: " + data + "\n\n";
        }

        /** {@link #toWire()} in UTF-8, ready to write and flush. */
        public byte[] toBytes() {
            return toWire().getBytes(StandardCharsets.UTF_8);
        }
    }
}
