package io.mlflowlite.server.anthropic;

import static io.mlflowlite.server.anthropic.IngressFields.optional;
import static io.mlflowlite.server.anthropic.IngressFields.required;
import static io.mlflowlite.server.anthropic.IngressFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.MessageExtras;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.anthropic.AnthropicVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a client's Messages {@code system} and {@code messages} into OpenAI-shaped {@link Message}s: the reverse
 * of {@code AnthropicConversation}. Stateless.
 *
 * <p>OpenAI wants every tool result right after the assistant turn that called the tool, one {@code tool} message
 * per call, so a user turn's {@code tool_result} blocks become {@link Role#TOOL} messages in block order and the
 * turn's other blocks (text, images) one user message after them. {@code AnthropicConversation} merges these back
 * into one user turn, tool results first, as the Messages API requires.
 */
final class IngressMessages {
    /** Put before a tool result the client flagged {@code is_error}, so every provider's model sees the failure. */
    static final String TOOL_ERROR_PREFIX = "Error: ";

    private IngressMessages() {}

    /** The top-level {@code system}: a string, or text blocks (one system message each). */
    static List<Message> system(JsonNode system) {
        if (system == null) {
            return List.of();
        }
        List<Message> messages = new ArrayList<>();
        for (ContentPart.Text text : texts(system, "system")) {
            messages.add(new Message(Role.SYSTEM, List.of(text), List.of(), null, null));
        }
        return messages;
    }

    static List<Message> messages(JsonNode node) {
        IngressFields.array(node, "messages");
        if (node.isEmpty()) {
            throw new InvalidRequestException("messages: at least one message is required", "messages");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode message = IngressFields.object(node.get(i), path);
            String role = string(required(message, "role", path), path + ".role");
            JsonNode content = required(message, "content", path);
            String contentPath = path + ".content";
            if (content.isArray() && content.isEmpty()) {
                throw new InvalidRequestException(
                        contentPath + ": a message needs at least one content block", contentPath);
            }
            switch (role) {
                case "user" -> user(content, contentPath, messages);
                case "assistant" -> assistant(content, contentPath, messages);
                case "system" -> {
                    systemTurn(node, i, path);
                    texts(content, contentPath)
                            .forEach(text ->
                                    messages.add(new Message(Role.SYSTEM, List.of(text), List.of(), null, null)));
                }
                default ->
                    throw new InvalidRequestException(
                            path + ".role: '" + role + "' is not one of 'user', 'assistant', 'system'", path + ".role");
            }
        }
        return messages;
    }

    /**
     * Anthropic's placement rules for a mid-conversation system turn, as its Messages API applies them: never the
     * first entry (the system prompt is the top-level {@code system} field), never two in a row.
     */
    private static void systemTurn(JsonNode messages, int i, String path) {
        if (i == 0) {
            throw new InvalidRequestException(
                    path + ".role: 'system' cannot be the first entry of messages; put the system prompt in the"
                            + " top-level system field (a system turn is allowed only later in the conversation)",
                    path + ".role");
        }
        if ("system".equals(messages.get(i - 1).path("role").asText())) {
            throw new InvalidRequestException(
                    path + ".role: 'system' follows another system turn; merge consecutive system turns into one",
                    path + ".role");
        }
    }

    private static void user(JsonNode content, String path, List<Message> out) {
        if (content.isTextual()) {
            out.add(Message.user(content.asText()));
            return;
        }
        IngressFields.array(content, path);
        List<ContentPart> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            String blockPath = path + "[" + j + "]";
            JsonNode block = IngressFields.object(content.get(j), blockPath);
            String type = string(required(block, "type", blockPath), blockPath + ".type");
            switch (type) {
                case "text" -> parts.add(text(block, blockPath));
                case "image" -> parts.add(image(block, blockPath));
                case "tool_result" -> out.add(toolResult(block, blockPath));
                default ->
                    throw IngressFields.unsupportedType(
                            blockPath + ".type", type, "text, image and tool_result blocks in a user message");
            }
        }
        if (!parts.isEmpty()) {
            out.add(new Message(Role.USER, parts, List.of(), null, null));
        }
    }

    private static void assistant(JsonNode content, String path, List<Message> out) {
        if (content.isTextual()) {
            out.add(Message.assistant(content.asText()));
            return;
        }
        IngressFields.array(content, path);
        List<ContentPart> parts = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        List<ReasoningBlock> reasoning = new ArrayList<>();
        ArrayNode serverBlocks = Json.array();
        for (int j = 0; j < content.size(); j++) {
            String blockPath = path + "[" + j + "]";
            JsonNode block = IngressFields.object(content.get(j), blockPath);
            String type = string(required(block, "type", blockPath), blockPath + ".type");
            switch (type) {
                case "text" -> parts.add(text(block, blockPath));
                case "tool_use" -> calls.add(toolUse(block, blockPath));
                // kept so a thinking + tools turn continues on Anthropic (other providers leave them out)
                case "thinking" ->
                    reasoning.add(ReasoningBlock.thinking(Json.text(block, "thinking"), Json.text(block, "signature")));
                case "redacted_thinking" -> reasoning.add(ReasoningBlock.redacted(Json.text(block, "data")));
                default -> {
                    if (!AnthropicVocabulary.isServerToolUse(type) && !AnthropicVocabulary.isServerToolResult(type)) {
                        throw IngressFields.unsupportedType(
                                blockPath + ".type",
                                type,
                                "text, tool_use, thinking,"
                                        + " redacted_thinking and server tool blocks in an assistant message");
                    }
                    serverBlocks.add(block.deepCopy());
                }
            }
        }
        if (!parts.isEmpty() || !calls.isEmpty() || !reasoning.isEmpty() || !serverBlocks.isEmpty()) {
            MessageExtras extras = new MessageExtras(
                    null,
                    reasoning,
                    serverBlocks.isEmpty() ? Map.of() : Map.of(AnthropicVocabulary.SERVER_TOOL_BLOCKS, serverBlocks));
            out.add(new Message(Role.ASSISTANT, parts, calls, null, null, extras));
        }
    }

    private static ToolCall toolUse(JsonNode block, String path) {
        String id = string(required(block, "id", path), path + ".id");
        String name = string(required(block, "name", path), path + ".name");
        JsonNode input = IngressFields.object(required(block, "input", path), path + ".input");
        return new ToolCall(id, name, input.toString());
    }

    private static Message toolResult(JsonNode block, String path) {
        String id = string(required(block, "tool_use_id", path), path + ".tool_use_id");
        Boolean isError = IngressFields.bool(optional(block, "is_error"), path + ".is_error");
        List<ContentPart> parts = new ArrayList<>();
        if (Boolean.TRUE.equals(isError)) {
            // OpenAI's tool message has no error flag: say it in the text, where every model reads it
            parts.add(new ContentPart.Text(TOOL_ERROR_PREFIX));
        }
        JsonNode content = optional(block, "content");
        String contentPath = path + ".content";
        if (content != null && content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText()));
        } else if (content != null) {
            IngressFields.array(content, contentPath);
            for (int k = 0; k < content.size(); k++) {
                String partPath = contentPath + "[" + k + "]";
                JsonNode part = IngressFields.object(content.get(k), partPath);
                String type = string(required(part, "type", partPath), partPath + ".type");
                switch (type) {
                    case "text" -> parts.add(text(part, partPath));
                    case "image" -> parts.add(image(part, partPath));
                    default ->
                        throw IngressFields.unsupportedType(
                                partPath + ".type", type, "text and image blocks in a tool_result");
                }
            }
        }
        return new Message(Role.TOOL, parts, List.of(), id, null);
    }

    private static ContentPart.Text text(JsonNode block, String path) {
        return new ContentPart.Text(string(required(block, "text", path), path + ".text"));
    }

    /** Base64 sources become data URLs, URL sources stay URLs: the two forms {@link ContentPart.Image} holds. */
    private static ContentPart.Image image(JsonNode block, String path) {
        String sourcePath = path + ".source";
        JsonNode source = IngressFields.object(required(block, "source", path), sourcePath);
        String type = string(required(source, "type", sourcePath), sourcePath + ".type");
        return switch (type) {
            case "base64" -> {
                String mediaType = string(required(source, "media_type", sourcePath), sourcePath + ".media_type");
                String data = string(required(source, "data", sourcePath), sourcePath + ".data");
                yield new ContentPart.Image("data:" + mediaType + ";base64," + data, null);
            }
            case "url" -> new ContentPart.Image(string(required(source, "url", sourcePath), sourcePath + ".url"), null);
            default ->
                throw IngressFields.unsupportedType(
                        sourcePath + ".type", type, "base64 and url image sources (Files API ids are not supported)");
        };
    }

    /** A string, or an array of text blocks, as text parts (one per block). */
    private static List<ContentPart.Text> texts(JsonNode node, String path) {
        if (node.isTextual()) {
            return List.of(new ContentPart.Text(node.asText()));
        }
        if (!node.isArray()) {
            throw IngressFields.invalid(path, "a string or an array of text blocks", node);
        }
        List<ContentPart.Text> texts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String blockPath = path + "[" + i + "]";
            JsonNode block = IngressFields.object(node.get(i), blockPath);
            String type = string(required(block, "type", blockPath), blockPath + ".type");
            if (!"text".equals(type)) {
                throw IngressFields.unsupportedType(blockPath + ".type", type, "text blocks");
            }
            texts.add(text(block, blockPath));
        }
        return texts;
    }
}
