package io.mlflowlite.server.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.MessageExtras;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.anthropic.AnthropicVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a {@link ChatResponse} as the Messages API's {@code message} object: the reverse of
 * {@code AnthropicResponse#toChatResponse}. Stateless.
 */
final class IngressResponse {
    /** The key a tool input that is not a JSON object is wrapped under. */
    static final String RAW_INPUT_KEY = "_raw";

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private IngressResponse() {}

    static ObjectNode message(ChatResponse response, String requestedModel) {
        ObjectNode message = Json.object();
        message.put("id", messageId(response.id()));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model(response.model(), requestedModel));
        ArrayNode content = message.putArray("content");
        JsonNode raw = response.raw().orElse(null);
        ArrayNode upstream = anthropicContent(raw, response);
        if (upstream != null) {
            // an Anthropic upstream's own blocks say the same in more detail (text split around server tools,
            // citations in place): sent back as they came
            content.addAll(upstream);
        } else {
            addBlocks(content, response);
        }
        String mapped = AnthropicVocabulary.stopReason(response.finishReason());
        String stopReason = mapped;
        MessageExtras extras = response.choices().isEmpty()
                ? MessageExtras.NONE
                : response.choices().getFirst().message().extras();
        JsonNode nativeReason = extras.fields().get(AnthropicVocabulary.NATIVE_FINISH_REASON);
        if (nativeReason != null
                && mapped.equals(AnthropicVocabulary.stopReason(
                        AnthropicVocabulary.finishReason(nativeReason.asText(), false)))) {
            stopReason = nativeReason.asText();
        }
        JsonNode stopSequence = null;
        // an Anthropic upstream's own reason is more precise (stop_sequence, pause_turn): keep it when it agrees
        if (raw != null
                && "message".equals(Json.text(raw, "type"))
                && Json.text(raw, "stop_reason") != null
                && mapped.equals(AnthropicVocabulary.stopReason(
                        AnthropicVocabulary.finishReason(Json.text(raw, "stop_reason"), false)))) {
            stopReason = Json.text(raw, "stop_reason");
            stopSequence = raw.get("stop_sequence");
        }
        message.put("stop_reason", stopReason);
        if (stopSequence != null && stopSequence.isTextual()) {
            message.put("stop_sequence", stopSequence.asText());
        } else {
            message.putNull("stop_sequence");
        }
        JsonNode stopDetails = extras.fields().get(AnthropicVocabulary.STOP_DETAILS);
        if (stopDetails != null) {
            message.set(AnthropicVocabulary.STOP_DETAILS, stopDetails);
        }
        message.set("usage", AnthropicVocabulary.usageJson(response.usage()));
        return message;
    }

    /**
     * The content blocks of an answer from any provider: reasoning blocks first (signed thinking, redacted
     * thinking), then server-tool blocks, the text (with its citations) and the tool calls.
     */
    private static void addBlocks(ArrayNode content, ChatResponse response) {
        MessageExtras extras = response.choices().isEmpty()
                ? MessageExtras.NONE
                : response.choices().getFirst().message().extras();
        extras.reasoning().forEach(block -> content.add(AnthropicVocabulary.reasoningBlock(block)));
        JsonNode serverBlocks = extras.fields().get(AnthropicVocabulary.SERVER_TOOL_BLOCKS);
        if (serverBlocks != null && serverBlocks.isArray()) {
            serverBlocks.forEach(block -> content.add(block.deepCopy()));
        }
        String text = response.content();
        if (!text.isEmpty()) {
            ObjectNode block = content.addObject().put("type", "text").put("text", text);
            JsonNode citations = extras.fields().get(AnthropicVocabulary.CITATIONS);
            if (citations != null && citations.isArray()) {
                block.set(AnthropicVocabulary.CITATIONS, citations.deepCopy());
            }
        }
        for (ToolCall call : response.toolCalls()) {
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", toolUseId(call.id()));
            block.put("name", call.name());
            block.set("input", toolInput(call.arguments()));
        }
    }

    /**
     * The content of {@code raw} when it is an Anthropic {@code message} saying exactly what {@code response}
     * says (same text, same tool calls, no emulated JSON output); else null.
     */
    private static ArrayNode anthropicContent(JsonNode raw, ChatResponse response) {
        if (raw == null
                || !"message".equals(Json.text(raw, "type"))
                || !raw.path("content").isArray()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (JsonNode block : raw.get("content")) {
            if ("text".equals(Json.text(block, "type"))) {
                text.append(block.path("text").asText());
            } else if ("tool_use".equals(Json.text(block, "type"))) {
                ids.add(Json.text(block, "id"));
            }
        }
        List<String> callIds = response.toolCalls().stream().map(ToolCall::id).toList();
        return text.toString().equals(response.content()) && ids.equals(callIds)
                ? (ArrayNode) raw.get("content").deepCopy()
                : null;
    }

    /**
     * A message id the Messages API would send: {@code id} itself when it is one ({@code msg_…}), otherwise
     * {@code msg_} + {@code id} without characters outside {@code [A-Za-z0-9_-]}, so the same upstream id always
     * gives the same message id, streamed or not; a random one when there is no id.
     */
    static String messageId(String id) {
        if (id != null && id.startsWith("msg_")) {
            return id;
        }
        String kept = id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "");
        return "msg_" + (kept.isEmpty() ? random(24) : kept);
    }

    /** The call's id unchanged, so the client's tool_result names the id the upstream expects back. */
    static String toolUseId(String id) {
        return id == null || id.isEmpty() ? "toolu_" + random(24) : id;
    }

    /** The model that answered, else the one the client asked for. */
    static String model(String answered, String requestedModel) {
        return answered != null ? answered : requestedModel;
    }

    /**
     * The arguments as the {@code input} object. Arguments that are not a JSON object (a model's malformed
     * output) are kept as text under {@code _raw} rather than dropped, so a tool that validates its input fails
     * loudly and the model can see what it sent.
     */
    static ObjectNode toolInput(String arguments) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        } catch (JsonProcessingException e) {
            // not JSON: wrapped below
        }
        return Json.object().put(RAW_INPUT_KEY, arguments);
    }

    private static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
