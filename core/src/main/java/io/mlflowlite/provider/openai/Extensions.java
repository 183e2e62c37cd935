package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.MessageExtras;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an OpenAI message or delta beyond text and tool calls, in both directions: {@code refusal}
 * (OpenAI's own), {@code reasoning_content} (the reasoning text, as DeepSeek, vLLM and LiteLLM write it) and
 * {@code thinking_blocks} (LiteLLM's list of reasoning blocks with their signatures, which a client sends back on
 * the assistant message to continue a thinking + tools turn), plus provider extension fields written under their
 * own names. Stateless.
 */
final class Extensions {
    /**
     * The extension fields mlflowlite writes (docs/providers.md), read back from an upstream that writes them too
     * (another mlflowlite gateway, or a proxy in front of one).
     */
    static final List<String> FIELDS = List.of(
            "annotations",
            "citations",
            "server_tool_blocks",
            "stop_details",
            "native_finish_reason",
            "finish_message",
            "safety_ratings",
            "citation_metadata",
            "code_execution");

    private Extensions() {}

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (String name : FIELDS) {
            JsonNode value = node.get(name);
            // OpenAI's own empty annotations say nothing: left out, as before annotations were carried
            if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
                fields.put(name, value);
            }
        }
        return fields;
    }

    /** Writes {@code extras} into a {@code message} object ({@code refusal} is always present, null when none). */
    static void writeMessage(ObjectNode message, MessageExtras extras) {
        if (extras.refusal() != null) {
            message.put("refusal", extras.refusal());
        } else {
            message.putNull("refusal");
        }
        if (!extras.reasoning().isEmpty()) {
            String text = extras.reasoningText();
            if (text != null) {
                message.put("reasoning_content", text);
            }
            ArrayNode blocks = message.putArray("thinking_blocks");
            extras.reasoning().forEach(block -> blocks.add(block(block)));
        }
        extras.fields().forEach(message::set);
    }

    /** Writes a delta's extras into its {@code delta} object. */
    static void writeDelta(ObjectNode delta, ChatChunk.Extras extras) {
        if (extras.refusal() != null) {
            delta.put("refusal", extras.refusal());
        }
        if (!extras.reasoning().isEmpty()) {
            StringBuilder text = new StringBuilder();
            ArrayNode blocks = Json.array();
            for (ChatChunk.ReasoningDelta piece : extras.reasoning()) {
                if (piece.thinking() != null) {
                    text.append(piece.thinking());
                }
                ObjectNode block = blocks.addObject();
                block.put("index", piece.index());
                block.put("type", piece.type() == null ? ReasoningBlock.THINKING : piece.type());
                if (piece.thinking() != null) {
                    block.put("thinking", piece.thinking());
                }
                if (piece.signature() != null) {
                    block.put("signature", piece.signature());
                }
                if (piece.data() != null) {
                    block.put("data", piece.data());
                }
            }
            if (!text.isEmpty()) {
                delta.put("reasoning_content", text.toString());
            }
            delta.set("thinking_blocks", blocks);
        }
        extras.fields().forEach(delta::set);
    }

    /** The extras of a {@code message} object (a response's, or an assistant turn of a request). */
    static MessageExtras readMessage(JsonNode message) {
        String refusal = Json.text(message, "refusal");
        List<ReasoningBlock> reasoning = new ArrayList<>();
        JsonNode blocks = message.get("thinking_blocks");
        if (blocks != null && blocks.isArray() && !blocks.isEmpty()) {
            for (JsonNode block : blocks) {
                reasoning.add(new ReasoningBlock(
                        Json.text(block, "type"),
                        Json.text(block, "thinking"),
                        Json.text(block, "signature"),
                        Json.text(block, "data")));
            }
        } else {
            String text = Json.text(message, "reasoning_content");
            if (text != null && !text.isEmpty()) {
                reasoning.add(ReasoningBlock.thinking(text, null));
            }
        }
        return new MessageExtras(refusal, reasoning, fields(message));
    }

    /** The extras of a {@code delta} object. */
    static ChatChunk.Extras readDelta(JsonNode delta) {
        String refusal = Json.text(delta, "refusal");
        List<ChatChunk.ReasoningDelta> pieces = new ArrayList<>();
        JsonNode blocks = delta.get("thinking_blocks");
        if (blocks != null && blocks.isArray() && !blocks.isEmpty()) {
            for (int i = 0; i < blocks.size(); i++) {
                JsonNode block = blocks.get(i);
                int index = block.has("index") ? block.get("index").asInt() : 0;
                pieces.add(new ChatChunk.ReasoningDelta(
                        index,
                        Json.text(block, "type"),
                        Json.text(block, "thinking"),
                        Json.text(block, "signature"),
                        Json.text(block, "data")));
            }
        } else {
            String text = Json.text(delta, "reasoning_content");
            if (text != null && !text.isEmpty()) {
                pieces.add(new ChatChunk.ReasoningDelta(0, ReasoningBlock.THINKING, text, null, null));
            }
        }
        Map<String, JsonNode> fields = fields(delta);
        return refusal == null && pieces.isEmpty() && fields.isEmpty()
                ? ChatChunk.Extras.NONE
                : new ChatChunk.Extras(refusal, pieces, fields);
    }

    private static ObjectNode block(ReasoningBlock block) {
        ObjectNode node = Json.object();
        node.put("type", block.type());
        if (ReasoningBlock.REDACTED.equals(block.type())) {
            node.put("data", block.data());
        } else {
            node.put("thinking", block.thinking());
            if (block.signature() != null) {
                node.put("signature", block.signature());
            }
        }
        return node;
    }
}
