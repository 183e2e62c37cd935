package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.MessageExtras;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.UrlCitations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Messages API answer holds besides text and client tool calls, carried in OpenAI's shape: thinking and
 * redacted-thinking blocks as reasoning blocks with their signatures, and as extension fields (named in
 * docs/providers.md) text-block {@code citations}, server-tool blocks ({@code server_tool_use} and their
 * {@code *_tool_result}s, verbatim) in {@code server_tool_blocks}, {@code stop_details}, and the
 * {@code stop_reason} itself as {@code native_finish_reason} where OpenAI's finish reason loses it. Stateless.
 */
final class AnthropicExtras {
    static final String CITATIONS = "citations";
    static final String SERVER_TOOL_BLOCKS = "server_tool_blocks";
    static final String STOP_DETAILS = "stop_details";
    static final String NATIVE_FINISH_REASON = "native_finish_reason";

    private AnthropicExtras() {}

    /** A block in which Anthropic ran a tool of its own (web search, code execution, MCP). */
    static boolean isServerToolUse(String type) {
        return "server_tool_use".equals(type) || "mcp_tool_use".equals(type);
    }

    /** The result block of a server tool ({@code web_search_tool_result}, {@code code_execution_tool_result} …). */
    static boolean isServerToolResult(String type) {
        return type != null && type.endsWith("_tool_result") && !"tool_result".equals(type);
    }

    /** The extras of a whole {@code message} body. */
    static MessageExtras ofMessage(JsonNode body) {
        List<ReasoningBlock> reasoning = new ArrayList<>();
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        ArrayNode citations = Json.array();
        ArrayNode serverBlocks = Json.array();
        ArrayNode annotations = UrlCitations.array();
        int offset = 0;
        for (JsonNode block : body.path("content")) {
            String type = Json.text(block, "type");
            if ("text".equals(type)) {
                int length = UrlCitations.length(block.path("text").asText());
                addUrlCitations(annotations, block.get(CITATIONS), offset, offset + length);
                offset += length;
            }
            if ("thinking".equals(type)) {
                reasoning.add(ReasoningBlock.thinking(Json.text(block, "thinking"), Json.text(block, "signature")));
            } else if ("redacted_thinking".equals(type)) {
                reasoning.add(ReasoningBlock.redacted(Json.text(block, "data")));
            } else if ("text".equals(type) && block.path(CITATIONS).isArray()) {
                citations.addAll((ArrayNode) block.get(CITATIONS).deepCopy());
            } else if (isServerToolUse(type) || isServerToolResult(type)) {
                serverBlocks.add(block.deepCopy());
            }
        }
        if (!citations.isEmpty()) {
            fields.put(CITATIONS, citations);
        }
        if (!annotations.isEmpty()) {
            fields.put(UrlCitations.FIELD, annotations);
        }
        if (!serverBlocks.isEmpty()) {
            fields.put(SERVER_TOOL_BLOCKS, serverBlocks);
        }
        fields.putAll(stopFields(Json.text(body, "stop_reason"), body.get(STOP_DETAILS)));
        return new MessageExtras(null, reasoning, fields);
    }

    /**
     * Adds a {@code url_citation} over characters {@code start} to {@code end} of the content for each web search
     * result among {@code citations} (a text block's); document citations have no URL and stay in
     * {@code citations} only.
     */
    static void addUrlCitations(ArrayNode annotations, JsonNode citations, int start, int end) {
        if (citations == null || !citations.isArray()) {
            return;
        }
        for (JsonNode citation : citations) {
            String url = Json.text(citation, "url");
            if (url != null) {
                UrlCitations.add(annotations, start, end, url, Json.text(citation, "title"));
            }
        }
    }

    /** A delta carrying {@code citations} (an array), or no extras when there are none. */
    static ChatChunk.Extras citationDelta(JsonNode citations) {
        if (citations == null
                || !citations.isArray()
                || citations.isEmpty()
                || citations.size() == 1 && citations.get(0).isMissingNode()) {
            return ChatChunk.Extras.NONE;
        }
        return ChatChunk.Extras.field(CITATIONS, citations.deepCopy());
    }

    /** The extras of the last chunk of a stream: the stop reason's details. */
    static ChatChunk.Extras stopDelta(String stopReason, JsonNode stopDetails, JsonNode usage) {
        Map<String, JsonNode> fields = stopFields(stopReason, stopDetails);
        return fields.isEmpty() ? ChatChunk.Extras.NONE : new ChatChunk.Extras(null, List.of(), fields);
    }

    private static Map<String, JsonNode> stopFields(String stopReason, JsonNode stopDetails) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (stopDetails != null && !stopDetails.isNull() && !stopDetails.isMissingNode()) {
            fields.put(STOP_DETAILS, stopDetails.deepCopy());
        }
        // OpenAI's finish reason keeps end_turn, tool_use and max_tokens exactly; the others it folds into stop,
        // length or content_filter, and pause_turn tells the caller to send the turn again
        if (stopReason != null && !List.of("end_turn", "tool_use", "max_tokens").contains(stopReason)) {
            fields.put(NATIVE_FINISH_REASON, Json.MAPPER.getNodeFactory().textNode(stopReason));
        }
        return fields;
    }

    /** Anthropic's {@code usage.server_tool_use} counts, by name; empty when absent. */
    static Map<String, Integer> serverToolUse(JsonNode usage) {
        Map<String, Integer> counts = new TreeMap<>();
        JsonNode node = usage == null ? null : usage.get("server_tool_use");
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getValue().canConvertToInt() && e.getValue().asInt() > 0) {
                    counts.put(e.getKey(), e.getValue().asInt());
                }
            });
        }
        return counts;
    }

    /** The thinking or redacted-thinking content block for {@code block}, the reverse of {@link #ofMessage}. */
    static ObjectNode reasoningBlock(ReasoningBlock block) {
        ObjectNode node = Json.object();
        if (ReasoningBlock.REDACTED.equals(block.type())) {
            node.put("type", "redacted_thinking");
            node.put("data", block.data());
        } else {
            node.put("type", "thinking");
            node.put("thinking", block.thinking());
            node.put("signature", block.signature() == null ? "" : block.signature());
        }
        return node;
    }
}
