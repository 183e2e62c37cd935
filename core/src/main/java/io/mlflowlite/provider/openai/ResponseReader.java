package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code chat.completion} and {@code chat.completion.chunk} objects from OpenAI and the servers that copy
 * it. Lenient where compatible servers differ harmlessly (no {@code created}, content as an array of parts),
 * strict where the answer would be meaningless (no {@code choices}, a choice without a message).
 */
final class ResponseReader {
    private ResponseReader() {}

    static ChatResponse parseResponse(JsonNode body, Deployment d) {
        String source = d.provider();
        if (body == null || !body.isObject()) {
            throw new MalformedResponseException(source + " sent a chat completion that is not a JSON object: "
                    + Json.abbreviate(String.valueOf(body)));
        }
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray()) {
            throw new MalformedResponseException(
                    source + " sent a chat completion without a 'choices' array: " + Json.abbreviate(body.toString()));
        }
        ChatResponse.Builder b = ChatResponse.builder()
                .id(Json.text(body, "id"))
                .created(created(body))
                .model(Optional.ofNullable(Json.text(body, "model")).orElse(d.model()))
                .systemFingerprint(Json.text(body, "system_fingerprint"))
                .provider(d.provider())
                .raw(body);
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            JsonNode message = choice == null ? null : choice.get("message");
            if (message == null || !message.isObject()) {
                throw new MalformedResponseException(source + " sent choices[" + i + "] without a 'message' object: "
                        + Json.abbreviate(body.toString()));
            }
            int index = choice.has("index") ? choice.get("index").asInt() : i;
            List<ToolCall> calls = toolCalls(message.get("tool_calls"), source);
            String text = text(message.get("content"));
            List<ContentPart> content = text == null ? List.of() : List.of(new ContentPart.Text(text));
            Message assistant = new Message(
                    Role.ASSISTANT, content, calls, null, Json.text(message, "name"), Extensions.readMessage(message));
            b.addChoice(new Choice(index, assistant, finishReason(Json.text(choice, "finish_reason"))));
        }
        JsonNode usage = body.get("usage");
        if (usage != null && usage.isObject()) {
            b.usage(usage(usage));
        }
        return b.build();
    }

    static ChatChunk parseChunk(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new MalformedResponseException(
                    "A chat.completion.chunk must be a JSON object, got: " + Json.abbreviate(String.valueOf(node)));
        }
        JsonNode choices = node.get("choices");
        if (choices != null && !choices.isNull() && !choices.isArray()) {
            throw new MalformedResponseException("A chat.completion.chunk has a 'choices' that is not an array: "
                    + Json.abbreviate(node.toString()));
        }
        List<ChatChunk.Delta> deltas = new ArrayList<>();
        if (choices != null) {
            for (int i = 0; i < choices.size(); i++) {
                deltas.add(delta(choices.get(i), i));
            }
        }
        JsonNode usage = node.get("usage");
        Optional<Usage> parsedUsage = usage != null && usage.isObject() ? Optional.of(usage(usage)) : Optional.empty();
        long created = node.path("created").asLong(0);
        return new ChatChunk(Json.text(node, "id"), created, Json.text(node, "model"), deltas, parsedUsage);
    }

    private static ChatChunk.Delta delta(JsonNode choice, int position) {
        if (choice == null || !choice.isObject()) {
            throw new MalformedResponseException("A chat.completion.chunk choice is not an object: " + choice);
        }
        int index = choice.has("index") ? choice.get("index").asInt() : position;
        JsonNode delta = choice.path("delta");
        Role role = null;
        String roleName = Json.text(delta, "role");
        if (roleName != null) {
            try {
                role = Role.fromWire(roleName);
            } catch (RuntimeException unknown) {
                throw new MalformedResponseException(
                        "A chat.completion.chunk has an unknown role '" + roleName + "'", unknown);
            }
        }
        List<ChatChunk.ToolCallDelta> calls = new ArrayList<>();
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int i = 0; i < toolCalls.size(); i++) {
                JsonNode call = toolCalls.get(i);
                JsonNode function = call.path("function");
                JsonNode args = function.get("arguments");
                String arguments =
                        args == null || args.isNull() ? null : args.isTextual() ? args.asText() : args.toString();
                int callIndex = call.has("index") ? call.get("index").asInt() : i;
                calls.add(new ChatChunk.ToolCallDelta(
                        callIndex, Json.text(call, "id"), Json.text(function, "name"), arguments));
            }
        }
        return new ChatChunk.Delta(
                index,
                role,
                text(delta.get("content")),
                calls,
                finishReason(Json.text(choice, "finish_reason")),
                Extensions.readDelta(delta));
    }

    private static List<ToolCall> toolCalls(JsonNode node, String source) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new MalformedResponseException(source + " sent 'tool_calls' that is not an array: " + node);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : node) {
            JsonNode function = call.path("function");
            String name = Json.text(function, "name");
            if (name == null) {
                throw new MalformedResponseException(source + " sent a tool call without a function name: " + call);
            }
            JsonNode args = function.get("arguments");
            // Mistral may send the arguments as a JSON object rather than as its text
            String arguments =
                    args == null || args.isNull() ? null : args.isTextual() ? args.asText() : args.toString();
            calls.add(new ToolCall(Json.text(call, "id"), name, arguments));
        }
        return calls;
    }

    /**
     * Text content: a string, or (Mistral's reasoning models, some servers) an array of parts whose
     * {@code text} parts are joined; other parts (such as {@code thinking}) are not answer text. Null when absent.
     */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    text.append(part.asText());
                } else if ("text".equals(Json.text(part, "type"))) {
                    text.append(Json.text(part, "text") == null ? "" : Json.text(part, "text"));
                }
            }
            return text.toString();
        }
        return content.toString();
    }

    /**
     * The finish reason for a {@code finish_reason} (null for null): an OpenAI value as it names, Mistral's
     * {@code model_length} (context window reached) {@link FinishReason#LENGTH}, another value kept as sent.
     */
    private static FinishReason finishReason(String reason) {
        return "model_length".equals(reason) ? FinishReason.LENGTH : FinishReason.of(reason);
    }

    static Usage usage(JsonNode usage) {
        int prompt = Json.intAt(usage, "/prompt_tokens");
        int completion = Json.intAt(usage, "/completion_tokens");
        int total = usage.hasNonNull("total_tokens") ? usage.get("total_tokens").asInt() : prompt + completion;
        return new Usage(
                prompt,
                completion,
                total,
                Json.intAt(usage, "/prompt_tokens_details/cached_tokens"),
                Json.intAt(usage, "/prompt_tokens_details/cache_write_tokens"),
                Json.intAt(usage, "/completion_tokens_details/reasoning_tokens"),
                usage.path("estimated").asBoolean(false),
                serverToolUse(usage.get("server_tool_use")));
    }

    /** The {@code server_tool_use} counts mlflowlite writes into usage, read back; empty when absent. */
    private static Map<String, Integer> serverToolUse(JsonNode node) {
        Map<String, Integer> counts = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        }
        return counts;
    }

    private static long created(JsonNode body) {
        JsonNode created = body.get("created");
        // a chat.completion always has a creation time; servers that omit it answered just now
        return created != null && created.canConvertToLong() && created.isNumber()
                ? created.asLong()
                : Instant.now().getEpochSecond();
    }
}
