package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an OpenAI {@code chat/completions} request body into a {@link ChatRequest}, checking every field's type
 * and saying which one is wrong. Stateless.
 */
final class RequestParser {
    /** Fields read into typed {@link ChatRequest} parameters; every other top-level field goes to extraBody. */
    private static final Set<String> KNOWN = Set.of(
            "model",
            "messages",
            "temperature",
            "top_p",
            "max_tokens",
            "max_completion_tokens",
            "stop",
            "seed",
            "n",
            "presence_penalty",
            "frequency_penalty",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "response_format",
            "reasoning_effort",
            "user",
            "stream",
            "stream_options",
            "metadata");

    private RequestParser() {}

    static ChatRequest parseRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        ChatRequest.Builder b = ChatRequest.builder();
        JsonNode model = field(body, "model");
        if (model == null) {
            throw new InvalidRequestException("Missing required parameter: 'model'.", "model");
        }
        b.model(Fields.string(model, "model"));
        JsonNode messages = field(body, "messages");
        // an endpoint bound to a prompt renders the conversation from prompt_variables: no messages needed then
        if (!body.has(ChatRequest.PROMPT_VARIABLES) || messages != null && !messages.isEmpty()) {
            b.messages(messages(messages));
        }
        b.temperature(Fields.number(field(body, "temperature"), "temperature"));
        b.topP(Fields.number(field(body, "top_p"), "top_p"));
        Integer maxCompletion = Fields.integer(field(body, "max_completion_tokens"), "max_completion_tokens");
        Integer maxTokens = Fields.integer(field(body, "max_tokens"), "max_tokens");
        b.maxTokens(maxCompletion != null ? maxCompletion : maxTokens);
        b.stop(stop(field(body, "stop")));
        b.seed(Fields.longValue(field(body, "seed"), "seed"));
        b.n(Fields.integer(field(body, "n"), "n"));
        b.presencePenalty(Fields.number(field(body, "presence_penalty"), "presence_penalty"));
        b.frequencyPenalty(Fields.number(field(body, "frequency_penalty"), "frequency_penalty"));
        b.tools(tools(field(body, "tools")));
        b.toolChoice(toolChoice(field(body, "tool_choice")));
        b.parallelToolCalls(Fields.bool(field(body, "parallel_tool_calls"), "parallel_tool_calls"));
        b.responseFormat(responseFormat(field(body, "response_format")));
        b.reasoningEffort(Fields.optString(field(body, "reasoning_effort"), "reasoning_effort"));
        b.user(Fields.optString(field(body, "user"), "user"));
        Boolean stream = Fields.bool(field(body, "stream"), "stream");
        b.stream(stream != null && stream);
        JsonNode streamOptions = field(body, "stream_options");
        if (streamOptions != null && !streamOptions.isObject()) {
            throw Fields.invalid("stream_options", "an object", streamOptions);
        }
        JsonNode metadata = field(body, "metadata");
        if (metadata != null) {
            Fields.requireObject(metadata, "metadata");
            metadata.properties()
                    .forEach(e -> b.metadata(e.getKey(), Fields.string(e.getValue(), "metadata." + e.getKey())));
        }
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!KNOWN.contains(e.getKey())) {
                b.extraBody(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /** The field's value, or null when absent or JSON null (OpenAI treats both as "not set"). */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static List<Message> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
        }
        if (!node.isArray()) {
            throw Fields.invalid("messages", "an array", node);
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException(
                    "Invalid 'messages': empty array. Expected an array with minimum "
                            + "length 1, but got an empty array instead.",
                    "messages");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static Message message(JsonNode node, String path) {
        Fields.requireObject(node, path);
        JsonNode roleNode = field(node, "role");
        if (roleNode == null) {
            throw new InvalidRequestException("Missing required parameter: '" + path + ".role'.", path + ".role");
        }
        String roleName = Fields.string(roleNode, path + ".role");
        Role role;
        try {
            role = Role.fromWire(roleName);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(
                    "Invalid value for '" + path + ".role': '" + roleName
                            + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.",
                    path + ".role");
        }
        List<ToolCall> toolCalls = role == Role.ASSISTANT ? toolCalls(field(node, "tool_calls"), path) : List.of();
        JsonNode content = field(node, "content");
        if (content == null && !(role == Role.ASSISTANT && !toolCalls.isEmpty())) {
            throw new InvalidRequestException("Missing required parameter: '" + path + ".content'.", path + ".content");
        }
        List<ContentPart> parts = content == null ? List.of() : content(content, path + ".content");
        String toolCallId = null;
        if (role == Role.TOOL) {
            JsonNode id = field(node, "tool_call_id");
            if (id == null) {
                throw new InvalidRequestException(
                        "Missing required parameter: '" + path + ".tool_call_id'.", path + ".tool_call_id");
            }
            toolCallId = Fields.string(id, path + ".tool_call_id");
        }
        String name = Fields.optString(field(node, "name"), path + ".name");
        // an assistant turn sent back with its refusal or thinking blocks keeps them (Anthropic needs the blocks)
        return new Message(
                role, parts, toolCalls, toolCallId, name, role == Role.ASSISTANT ? Extensions.readMessage(node) : null);
    }

    private static List<ContentPart> content(JsonNode node, String path) {
        if (node.isTextual()) {
            return List.of(new ContentPart.Text(node.asText()));
        }
        if (!node.isArray()) {
            throw Fields.invalid(path, "a string or an array of content parts", node);
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String partPath = path + "[" + i + "]";
            JsonNode part = node.get(i);
            Fields.requireObject(part, partPath);
            String type = Fields.string(Fields.required(part, "type", partPath), partPath + ".type");
            switch (type) {
                case "text" ->
                    parts.add(new ContentPart.Text(
                            Fields.string(Fields.required(part, "text", partPath), partPath + ".text")));
                case "image_url" ->
                    parts.add(image(Fields.required(part, "image_url", partPath), partPath + ".image_url"));
                default ->
                    throw new InvalidRequestException(
                            "Invalid value for '" + partPath + ".type': '" + type
                                    + "'. mlflowlite supports content parts of type 'text' and 'image_url'.",
                            partPath + ".type");
            }
        }
        return parts;
    }

    private static ContentPart image(JsonNode node, String path) {
        if (node.isTextual()) {
            // some clients send the URL directly instead of {"url": ...}
            return new ContentPart.Image(node.asText(), null);
        }
        Fields.requireObject(node, path);
        String url = Fields.string(Fields.required(node, "url", path), path + ".url");
        String detail = Fields.optString(field(node, "detail"), path + ".detail");
        return new ContentPart.Image(url, detail);
    }

    private static List<ToolCall> toolCalls(JsonNode node, String path) {
        if (node == null) {
            return List.of();
        }
        String listPath = path + ".tool_calls";
        if (!node.isArray()) {
            throw Fields.invalid(listPath, "an array", node);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String callPath = listPath + "[" + i + "]";
            JsonNode call = node.get(i);
            Fields.requireObject(call, callPath);
            String id = Fields.string(Fields.required(call, "id", callPath), callPath + ".id");
            JsonNode function = Fields.required(call, "function", callPath);
            Fields.requireObject(function, callPath + ".function");
            String name = Fields.string(
                    Fields.required(function, "name", callPath + ".function"), callPath + ".function.name");
            JsonNode args = field(function, "arguments");
            String arguments = args == null ? null : args.isTextual() ? args.asText() : args.toString();
            calls.add(new ToolCall(id, name, arguments));
        }
        return calls;
    }

    private static List<String> stop(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw Fields.invalid("stop", "a string or an array of strings", node);
        }
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            stop.add(Fields.string(node.get(i), "stop[" + i + "]"));
        }
        return stop;
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw Fields.invalid("tools", "an array", node);
        }
        List<ToolDefinition> tools = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            Fields.requireObject(tool, path);
            String type = Fields.string(Fields.required(tool, "type", path), path + ".type");
            if (!"function".equals(type)) {
                throw new InvalidRequestException(
                        "Invalid value for '" + path + ".type': '" + type
                                + "'. mlflowlite supports tools of type 'function'.",
                        path + ".type");
            }
            JsonNode function = Fields.required(tool, "function", path);
            Fields.requireObject(function, path + ".function");
            String name = Fields.string(Fields.required(function, "name", path + ".function"), path + ".function.name");
            String description = Fields.optString(field(function, "description"), path + ".function.description");
            JsonNode parameters = field(function, "parameters");
            if (parameters != null) {
                Fields.requireObject(parameters, path + ".function.parameters");
            }
            Boolean strict = Fields.bool(field(function, "strict"), path + ".function.strict");
            tools.add(new ToolDefinition(name, description, parameters, strict));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default ->
                    throw new InvalidRequestException(
                            "Invalid value for 'tool_choice': '" + node.asText()
                                    + "'. Supported values are: 'none', 'auto', 'required', or an object naming a function.",
                            "tool_choice");
            };
        }
        if (!node.isObject()) {
            throw Fields.invalid("tool_choice", "a string or an object", node);
        }
        String type = Fields.string(Fields.required(node, "type", "tool_choice"), "tool_choice.type");
        if (!"function".equals(type)) {
            throw new InvalidRequestException(
                    "Invalid value for 'tool_choice.type': '" + type + "'. mlflowlite supports 'function'.",
                    "tool_choice.type");
        }
        JsonNode function = Fields.required(node, "function", "tool_choice");
        Fields.requireObject(function, "tool_choice.function");
        return ToolChoice.function(
                Fields.string(Fields.required(function, "name", "tool_choice.function"), "tool_choice.function.name"));
    }

    private static ResponseFormat responseFormat(JsonNode node) {
        if (node == null) {
            return null;
        }
        Fields.requireObject(node, "response_format");
        String type = Fields.string(Fields.required(node, "type", "response_format"), "response_format.type");
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.JSON_OBJECT;
            case "json_schema" -> {
                JsonNode spec = Fields.required(node, "json_schema", "response_format");
                Fields.requireObject(spec, "response_format.json_schema");
                String name = Fields.string(
                        Fields.required(spec, "name", "response_format.json_schema"),
                        "response_format.json_schema.name");
                JsonNode schema = field(spec, "schema");
                if (schema != null) {
                    Fields.requireObject(schema, "response_format.json_schema.schema");
                }
                Boolean strict = Fields.bool(field(spec, "strict"), "response_format.json_schema.strict");
                yield ResponseFormat.jsonSchema(name, schema, strict);
            }
            default ->
                throw new InvalidRequestException(
                        "Invalid value for 'response_format.type': '" + type
                                + "'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                        "response_format.type");
        };
    }
}
