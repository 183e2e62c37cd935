package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a stateless OpenAI Responses API request ({@code POST /v1/responses}) into the pipeline's
 * {@link ChatRequest}: {@code instructions} becomes the system message, {@code input} (a string, or items:
 * messages with {@code input_text}/{@code input_image} parts, {@code function_call} and
 * {@code function_call_output}) becomes the conversation, flat function tools become {@link ToolDefinition}s and
 * {@code text.format} the {@link ResponseFormat}. Also keeps what the response object echoes back.
 *
 * <p>Nothing is stored on this gateway, so whatever needs a stored response or conversation
 * ({@code previous_response_id}, {@code conversation}, {@code item_reference}, {@code background}, stored
 * {@code prompt}s, uploaded {@code file_id}s) is refused with a 400 that says so, instead of being silently
 * ignored. Reasoning items sent back by stateless clients are dropped: the chat providers take no such input.
 * Fields this gateway does not use ({@code include}, {@code store}, {@code truncation} …) are ignored.
 *
 * @param chat the request for the pipeline
 * @param echo the request fields the response object repeats (instructions, tools, tool_choice, text …)
 */
record ResponsesRequest(ChatRequest chat, ObjectNode echo) {

    static ResponsesRequest parse(JsonNode body) {
        refuseStateful(body);
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(string(required(body, "model", "model"), "model"));
        String instructions = optString(field(body, "instructions"), "instructions");
        List<Message> messages = new ArrayList<>();
        if (instructions != null) {
            messages.add(Message.system(instructions));
        }
        messages.addAll(input(required(body, "input", "input")));
        b.messages(messages);
        b.temperature(number(field(body, "temperature"), "temperature"));
        b.topP(number(field(body, "top_p"), "top_p"));
        JsonNode maxOutput = field(body, "max_output_tokens");
        if (maxOutput != null && !maxOutput.canConvertToInt()) {
            throw invalid("max_output_tokens", "an integer", maxOutput);
        }
        b.maxTokens(maxOutput == null ? null : maxOutput.intValue());
        JsonNode tools = field(body, "tools");
        List<ToolDefinition> toolList = tools == null ? List.of() : tools(tools);
        if (!toolList.isEmpty()) {
            b.tools(toolList);
        }
        JsonNode toolChoice = field(body, "tool_choice");
        b.toolChoice(toolChoice == null ? null : toolChoice(toolChoice));
        b.parallelToolCalls(bool(field(body, "parallel_tool_calls"), "parallel_tool_calls"));
        JsonNode text = field(body, "text");
        JsonNode format = text == null ? null : field(requireObject(text, "text"), "format");
        b.responseFormat(format == null ? null : format(format));
        JsonNode reasoning = field(body, "reasoning");
        if (reasoning != null) {
            b.reasoningEffort(optString(field(requireObject(reasoning, "reasoning"), "effort"), "reasoning.effort"));
        }
        b.user(optString(field(body, "user"), "user"));
        Boolean stream = bool(field(body, "stream"), "stream");
        b.stream(stream != null && stream);
        JsonNode metadata = field(body, "metadata");
        if (metadata != null) {
            requireObject(metadata, "metadata");
            metadata.properties().forEach(e -> b.metadata(e.getKey(), string(e.getValue(), "metadata." + e.getKey())));
        }
        ChatRequest chat = b.build();
        return new ResponsesRequest(chat, echo(body, instructions, tools, toolChoice, format, metadata));
    }

    /** The fields a response object repeats from its request, with OpenAI's values for those left unset. */
    private static ObjectNode echo(
            JsonNode body,
            String instructions,
            JsonNode tools,
            JsonNode toolChoice,
            JsonNode format,
            JsonNode metadata) {
        ObjectNode echo = Json.object();
        echo.put("instructions", instructions);
        echo.set("max_output_tokens", copy(field(body, "max_output_tokens")));
        echo.set("metadata", metadata == null ? Json.object() : metadata.deepCopy());
        JsonNode parallel = field(body, "parallel_tool_calls");
        echo.put("parallel_tool_calls", parallel == null || parallel.asBoolean());
        echo.putNull("previous_response_id");
        ObjectNode reasoning = echo.putObject("reasoning");
        reasoning.set("effort", copy(field(body.path("reasoning"), "effort")));
        reasoning.putNull("summary");
        echo.put("store", false); // nothing is kept here, whatever the request asked
        JsonNode temperature = field(body, "temperature");
        echo.put("temperature", temperature == null ? 1.0 : temperature.doubleValue());
        ObjectNode text = echo.putObject("text");
        text.set("format", format == null ? Json.object().put("type", "text") : format.deepCopy());
        if (toolChoice == null) {
            echo.put("tool_choice", "auto");
        } else {
            echo.set("tool_choice", toolChoice.deepCopy());
        }
        echo.set("tools", tools == null ? Json.array() : tools.deepCopy());
        JsonNode topP = field(body, "top_p");
        echo.put("top_p", topP == null ? 1.0 : topP.doubleValue());
        echo.put("truncation", "disabled");
        echo.set("user", copy(field(body, "user")));
        return echo;
    }

    private static void refuseStateful(JsonNode body) {
        if (field(body, "previous_response_id") != null) {
            throw stateful("previous_response_id", "'previous_response_id' needs a stored response");
        }
        if (field(body, "conversation") != null) {
            throw stateful("conversation", "'conversation' needs a stored conversation");
        }
        if (body.path("background").asBoolean(false)) {
            throw stateful("background", "'background: true' needs a stored response to poll");
        }
        if (field(body, "prompt") != null) {
            throw stateful(
                    "prompt",
                    "'prompt' refers to a prompt stored at OpenAI; send 'instructions' and 'input'"
                            + " instead (this gateway's own prompt registry serves prompt-bound endpoints)");
        }
    }

    private static InvalidRequestException stateful(String param, String what) {
        return new InvalidRequestException(
                what + ", and this gateway keeps no responses: its Responses API is "
                        + "stateless. Send the whole conversation in 'input' (earlier output items included) instead.",
                param);
    }

    private static List<Message> input(JsonNode input) {
        if (input.isTextual()) {
            return List.of(Message.user(input.asText()));
        }
        if (!input.isArray()) {
            throw invalid("input", "a string or an array of input items", input);
        }
        if (input.isEmpty()) {
            throw new InvalidRequestException("Invalid 'input': empty array. Send at least one input item.", "input");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            String path = "input[" + i + "]";
            JsonNode item = requireObject(input.get(i), path);
            String type = optString(field(item, "type"), path + ".type");
            if (type == null && field(item, "role") != null) {
                type = "message"; // the easy form: {"role": "user", "content": "..."}
            }
            if (type == null) {
                throw new InvalidRequestException("Missing required parameter: '" + path + ".type'.", path + ".type");
            }
            switch (type) {
                case "message" -> messages.add(message(item, path));
                case "function_call" ->
                    addToolCall(
                            messages,
                            new ToolCall(
                                    string(required(item, "call_id", path), path + ".call_id"),
                                    string(required(item, "name", path), path + ".name"),
                                    arguments(field(item, "arguments"))));
                case "function_call_output" ->
                    messages.add(Message.tool(
                            string(required(item, "call_id", path), path + ".call_id"),
                            outputText(required(item, "output", path), path + ".output")));
                case "reasoning" -> {
                    // a stateless client hands reasoning back; chat providers take no such input
                }
                case "item_reference" -> throw stateful(path, "'item_reference' needs a stored item");
                default ->
                    throw new InvalidRequestException(
                            "Invalid value for '" + path + ".type': '" + type
                                    + "'. This gateway supports input items of type 'message', 'function_call' and "
                                    + "'function_call_output'.",
                            path + ".type");
            }
        }
        return messages;
    }

    /** A function call the model made earlier joins the assistant message before it, as chat APIs want. */
    private static void addToolCall(List<Message> messages, ToolCall call) {
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.role() == Role.ASSISTANT) {
            List<ToolCall> calls = new ArrayList<>(last.toolCalls());
            calls.add(call);
            messages.set(messages.size() - 1, new Message(Role.ASSISTANT, last.content(), calls, null, last.name()));
        } else {
            messages.add(new Message(Role.ASSISTANT, List.of(), List.of(call), null, null));
        }
    }

    private static Message message(JsonNode item, String path) {
        String roleName = string(required(item, "role", path), path + ".role");
        Role role = switch (roleName) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "system" -> Role.SYSTEM;
            case "developer" -> Role.DEVELOPER;
            default ->
                throw new InvalidRequestException(
                        "Invalid value for '" + path + ".role': '" + roleName
                                + "'. Supported values are: 'user', 'assistant', 'system' and 'developer'.",
                        path + ".role");
        };
        return new Message(role, content(required(item, "content", path), path + ".content"), List.of(), null, null);
    }

    private static List<ContentPart> content(JsonNode content, String path) {
        if (content.isTextual()) {
            return List.of(new ContentPart.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw invalid(path, "a string or an array of content parts", content);
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            String partPath = path + "[" + i + "]";
            JsonNode part = requireObject(content.get(i), partPath);
            String type = string(required(part, "type", partPath), partPath + ".type");
            switch (type) {
                // output_text and refusal: an earlier answer of the model, sent back as conversation
                case "input_text", "output_text" ->
                    parts.add(new ContentPart.Text(string(required(part, "text", partPath), partPath + ".text")));
                case "refusal" ->
                    parts.add(new ContentPart.Text(string(required(part, "refusal", partPath), partPath + ".refusal")));
                case "input_image" -> {
                    if (field(part, "image_url") == null) {
                        throw new InvalidRequestException(
                                "'" + partPath + "' has no 'image_url': this gateway keeps "
                                        + "no uploaded files, so send the image as a URL or a data: URL instead of a "
                                        + "'file_id'.",
                                partPath + ".image_url");
                    }
                    parts.add(new ContentPart.Image(
                            string(field(part, "image_url"), partPath + ".image_url"),
                            optString(field(part, "detail"), partPath + ".detail")));
                }
                default ->
                    throw new InvalidRequestException(
                            "Invalid value for '" + partPath + ".type': '" + type
                                    + "'. This gateway supports content parts of type 'input_text', 'input_image' and, from "
                                    + "earlier answers, 'output_text'.",
                            partPath + ".type");
            }
        }
        return parts;
    }

    /** A function's output: a string, or content parts whose text is joined. */
    private static String outputText(JsonNode output, String path) {
        if (output.isTextual()) {
            return output.asText();
        }
        if (output.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : output) {
                text.append(part.path("text").asText(""));
            }
            return text.toString();
        }
        throw invalid(path, "a string or an array of content parts", output);
    }

    private static String arguments(JsonNode arguments) {
        return arguments == null ? null : arguments.isTextual() ? arguments.asText() : arguments.toString();
    }

    private static List<ToolDefinition> tools(JsonNode tools) {
        if (!tools.isArray()) {
            throw invalid("tools", "an array", tools);
        }
        List<ToolDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = requireObject(tools.get(i), path);
            String type = string(required(tool, "type", path), path + ".type");
            if (!type.equals("function")) {
                throw new InvalidRequestException(
                        "Invalid value for '" + path + ".type': '" + type + "'. This gateway "
                                + "supports function tools only (type 'function'); OpenAI's hosted tools such as web_search "
                                + "or file_search run at OpenAI and are not available here.",
                        path + ".type");
            }
            JsonNode parameters = field(tool, "parameters");
            if (parameters != null) {
                requireObject(parameters, path + ".parameters");
            }
            definitions.add(new ToolDefinition(
                    string(required(tool, "name", path), path + ".name"),
                    optString(field(tool, "description"), path + ".description"),
                    parameters,
                    bool(field(tool, "strict"), path + ".strict")));
        }
        return definitions;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default ->
                    throw new InvalidRequestException(
                            "Invalid value for 'tool_choice': '" + choice.asText()
                                    + "'. Supported values are: 'auto', 'none', 'required' or {\"type\": \"function\", "
                                    + "\"name\": ...}.",
                            "tool_choice");
            };
        }
        requireObject(choice, "tool_choice");
        String type = string(required(choice, "type", "tool_choice"), "tool_choice.type");
        if (!type.equals("function")) {
            throw new InvalidRequestException(
                    "Invalid value for 'tool_choice.type': '" + type + "'. This gateway "
                            + "supports choosing a function tool ({\"type\": \"function\", \"name\": ...}).",
                    "tool_choice.type");
        }
        return ToolChoice.function(string(required(choice, "name", "tool_choice"), "tool_choice.name"));
    }

    private static ResponseFormat format(JsonNode format) {
        requireObject(format, "text.format");
        String type = string(required(format, "type", "text.format"), "text.format.type");
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.JSON_OBJECT;
            case "json_schema" -> {
                JsonNode schema = requireObject(required(format, "schema", "text.format"), "text.format.schema");
                Boolean strict = bool(field(format, "strict"), "text.format.strict");
                yield ResponseFormat.jsonSchema(
                        string(required(format, "name", "text.format"), "text.format.name"), schema, strict);
            }
            default ->
                throw new InvalidRequestException(
                        "Invalid value for 'text.format.type': '" + type
                                + "'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                        "text.format.type");
        };
    }

    // --- field helpers: JSON null counts as "not set", as OpenAI treats it ---

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static JsonNode copy(JsonNode value) {
        return value == null ? Json.MAPPER.nullNode() : value.deepCopy();
    }

    private static JsonNode required(JsonNode node, String name, String path) {
        JsonNode value = field(node, name);
        String full = path.equals(name) ? name : path + "." + name;
        if (value == null) {
            throw new InvalidRequestException("Missing required parameter: '" + full + "'.", full);
        }
        return value;
    }

    private static JsonNode requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path, "an object", node);
        }
        return node;
    }

    private static String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw invalid(path, "a string", node);
        }
        return node.asText();
    }

    private static String optString(JsonNode node, String path) {
        return node == null ? null : string(node, path);
    }

    private static Double number(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw invalid(path, "a number", node);
        }
        return node.doubleValue();
    }

    private static Boolean bool(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid(path, "a boolean", node);
        }
        return node.booleanValue();
    }

    private static InvalidRequestException invalid(String path, String expected, JsonNode got) {
        return new InvalidRequestException(
                "Invalid type for '" + path + "': expected " + expected + ", but got "
                        + got.getNodeType().name().toLowerCase(Locale.ROOT) + " instead.",
                path);
    }
}
