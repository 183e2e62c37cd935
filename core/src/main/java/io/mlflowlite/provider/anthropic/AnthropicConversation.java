package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.ToolCallIdFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI-shaped conversation in the Messages API's terms: system and developer messages lifted into the
 * top-level {@code system} text, everything else as strictly alternating {@code user}/{@code assistant}
 * messages made of content blocks. Stateless.
 */
final class AnthropicConversation {
    private AnthropicConversation() {}

    /** The {@code system} text: every system and developer message's text, in order, joined by a blank line. */
    static String system(List<Message> messages) {
        List<String> parts = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM || message.role() == Role.DEVELOPER) {
                String text = message.text();
                if (!text.isBlank()) {
                    parts.add(text);
                }
            }
        }
        return String.join("\n\n", parts);
    }

    /**
     * The {@code messages} array. Consecutive messages that land on the same Anthropic role (a user message
     * after tool results, two assistant turns) become one message, because the API rejects two turns of the
     * same role in a row. Messages left with no content block are dropped: the API rejects empty content.
     */
    static ArrayNode messages(List<Message> messages) {
        ArrayNode out = Json.array();
        String lastRole = null;
        ArrayNode lastContent = null;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.role() == Role.SYSTEM || message.role() == Role.DEVELOPER) {
                continue;
            }
            ArrayNode blocks = blocks(message, i);
            if (blocks.isEmpty()) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            if (role.equals(lastRole)) {
                lastContent.addAll(blocks);
                continue;
            }
            ObjectNode turn = out.addObject();
            turn.put("role", role);
            lastContent = turn.putArray("content");
            lastContent.addAll(blocks);
            lastRole = role;
        }
        return out;
    }

    private static ArrayNode blocks(Message message, int index) {
        ArrayNode blocks = Json.array();
        if (message.role() == Role.TOOL) {
            blocks.add(toolResult(message, index));
            return blocks;
        }
        if (message.role() == Role.ASSISTANT) {
            // a thinking + tools turn is continued only with its thinking blocks, signed, first in the turn
            for (ReasoningBlock block : message.extras().reasoning()) {
                if (block.signature() != null && !block.signature().isEmpty()
                        || ReasoningBlock.REDACTED.equals(block.type())) {
                    blocks.add(AnthropicExtras.reasoningBlock(block));
                }
            }
            JsonNode serverBlocks = message.extras().fields().get(AnthropicExtras.SERVER_TOOL_BLOCKS);
            if (serverBlocks != null && serverBlocks.isArray()) {
                serverBlocks.forEach(block -> blocks.add(block.deepCopy()));
            }
        }
        List<ContentPart> parts = message.content();
        for (int j = 0; j < parts.size(); j++) {
            addPart(blocks, parts.get(j), "messages[" + index + "].content[" + j + "]");
        }
        List<ToolCall> calls = message.toolCalls();
        for (int j = 0; j < calls.size(); j++) {
            blocks.add(toolUse(calls.get(j), "messages[" + index + "].tool_calls[" + j + "]"));
        }
        return blocks;
    }

    private static void addPart(ArrayNode blocks, ContentPart part, String param) {
        switch (part) {
            case ContentPart.Text text -> {
                // the API rejects empty text blocks; an empty part carries nothing anyway
                if (!text.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", text.text());
                }
            }
            case ContentPart.Image image -> blocks.add(image(image, param));
        }
    }

    private static ObjectNode toolResult(Message message, int index) {
        if (message.toolCallId() == null) {
            throw new InvalidRequestException(
                    "Tool message messages[" + index
                            + "] has no tool_call_id: set it to the id of the assistant tool call it answers",
                    "messages[" + index + "].tool_call_id");
        }
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", ToolCallIdFormat.forAnthropic(message.toolCallId()));
        if (message.hasImages()) {
            ArrayNode content = block.putArray("content");
            List<ContentPart> parts = message.content();
            for (int j = 0; j < parts.size(); j++) {
                addPart(content, parts.get(j), "messages[" + index + "].content[" + j + "]");
            }
        } else {
            block.put("content", message.text());
        }
        return block;
    }

    private static ObjectNode toolUse(ToolCall call, String param) {
        JsonNode input;
        try {
            input = Json.MAPPER.readTree(call.arguments());
        } catch (JsonProcessingException | NumberFormatException e) { // NFE: a number no BigDecimal holds
            input = null;
        }
        if (input == null || !input.isObject()) {
            throw new InvalidRequestException(
                    "Tool call " + call.id() + " (" + call.name() + ") in " + param
                            + " has arguments that are not a JSON object: " + Json.abbreviate(call.arguments())
                            + ". Anthropic needs the arguments as an object to send them back as tool_use input.",
                    param + ".function.arguments");
        }
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", ToolCallIdFormat.forAnthropic(call.id()));
        block.put("name", call.name());
        block.set("input", input);
        return block;
    }

    private static ObjectNode image(ContentPart.Image image, String param) {
        String url = image.url();
        ObjectNode block = Json.object();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith("data:")) {
            String mediaType = image.mediaType();
            String data = image.base64Data();
            if (mediaType == null
                    || data == null
                    || !url.substring(0, url.indexOf(',') + 1).contains(";base64")) {
                throw new InvalidRequestException(
                        "Image " + param + " is a data URL that is not base64 "
                                + "(expected data:image/png;base64,...)",
                        param);
            }
            source.put("type", "base64");
            source.put("media_type", mediaType);
            source.put("data", data);
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw new InvalidRequestException(
                    "Image " + param + " must be an http(s) URL or a base64 data URL, not " + Json.abbreviate(url),
                    param);
        }
        return block;
    }
}
