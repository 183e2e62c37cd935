package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ReasoningEffort;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import java.util.Map;

/**
 * The body of one {@code POST /v1/messages}, built from a {@link ChatRequest}, and the name of the tool that
 * emulates a {@code json_schema} response format (null when there is none), which the response side needs to
 * turn that tool's input back into the answer's text.
 *
 * @param body           the JSON body, {@code extraBody} already merged in
 * @param jsonOutputTool the emulated structured-output tool's name, or null
 */
record AnthropicRequest(ObjectNode body, String jsonOutputTool) {

    /** Appended to {@code system} for {@code response_format: json_object}, which the Messages API lacks. */
    static final String JSON_OBJECT_INSTRUCTION =
            "Respond with a single JSON object and nothing else: no prose before or after it, no code fences.";

    private static final String DEFAULT_JSON_TOOL = "json_output";

    /** Builds the body for {@code model}; {@code streaming} adds {@code "stream": true}. */
    static AnthropicRequest of(ChatRequest request, String model, boolean streaming) {
        rejectUnsupported(request);
        ObjectNode body = Json.object();
        body.put("model", model);
        Integer budget = thinkingBudget(request);
        body.put("max_tokens", maxTokens(request, budget));

        String system = AnthropicConversation.system(request.messages());
        ResponseFormat format = request.responseFormat();
        if (format != null && "json_object".equals(format.type())) {
            system = system.isEmpty() ? JSON_OBJECT_INSTRUCTION : system + "\n\n" + JSON_OBJECT_INSTRUCTION;
        }
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        body.set("messages", AnthropicConversation.messages(request.messages()));

        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stops = body.putArray("stop_sequences");
            request.stop().forEach(stops::add);
        }
        if (request.user() != null) {
            body.putObject("metadata").put("user_id", request.user());
        }
        if (budget != null) {
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }

        String jsonTool = null;
        if (format != null && "json_schema".equals(format.type())) {
            jsonTool = jsonToolName(format, request);
        }
        addTools(body, request, format, jsonTool);

        if (streaming) {
            body.put("stream", true);
        }
        for (Map.Entry<String, Object> extra : request.extraBody().entrySet()) {
            body.set(extra.getKey(), Json.tree(extra.getValue()));
        }
        return new AnthropicRequest(body, jsonTool);
    }

    private static void rejectUnsupported(ChatRequest request) {
        if (request.n() != null && request.n() > 1) {
            throw new InvalidRequestException(
                    "n=" + request.n() + " is not supported by Anthropic, which returns "
                            + "one choice per request: send n separate requests instead",
                    "n");
        }
        rejectPenalty(request.presencePenalty(), "presence_penalty");
        rejectPenalty(request.frequencyPenalty(), "frequency_penalty");
    }

    private static void rejectPenalty(Double value, String param) {
        // a penalty of 0 is OpenAI's default and changes nothing, so it is accepted and dropped
        if (value != null && value != 0.0) {
            throw new InvalidRequestException(
                    param + " is not supported by Anthropic; remove it (or set it to 0) "
                            + "to send this request to an Anthropic model",
                    param);
        }
    }

    private static int maxTokens(ChatRequest request, Integer thinkingBudget) {
        if (request.maxTokens() != null) {
            return request.maxTokens();
        }
        // thinking tokens count against max_tokens, which must exceed the budget
        return thinkingBudget == null
                ? AnthropicProvider.DEFAULT_MAX_TOKENS
                : AnthropicProvider.DEFAULT_MAX_TOKENS + thinkingBudget;
    }

    /** The thinking budget for {@code reasoning_effort}, or null when there is none or extraBody sets thinking. */
    private static Integer thinkingBudget(ChatRequest request) {
        ReasoningEffort effort = request.reasoningEffort();
        if (effort == null || request.extraBody().containsKey("thinking")) {
            return null;
        }
        return switch (effort) {
            case NONE -> null;
            // 1024 is the smallest budget the API accepts
            case MINIMAL, LOW -> 1024;
            case MEDIUM -> 2048;
            case HIGH -> 4096;
            case XHIGH -> 8192;
        };
    }

    private static void addTools(ObjectNode body, ChatRequest request, ResponseFormat format, String jsonTool) {
        if (request.tools().isEmpty() && jsonTool == null) {
            return;
        }
        ArrayNode tools = body.putArray("tools");
        for (ToolDefinition tool : request.tools()) {
            ObjectNode node = tools.addObject();
            node.put("name", tool.name());
            if (tool.description() != null) {
                node.put("description", tool.description());
            }
            node.set("input_schema", tool.parameters() == null ? emptyObjectSchema() : tool.parameters());
        }
        if (jsonTool != null) {
            ObjectNode node = tools.addObject();
            node.put("name", jsonTool);
            node.put("description", "Give the final answer as this tool's input, following its schema exactly.");
            node.set("input_schema", format.schema() == null ? emptyObjectSchema() : format.schema());
        }
        ObjectNode choice =
                jsonTool != null && request.tools().isEmpty() ? forcedTool(jsonTool) : toolChoice(request.toolChoice());
        if (choice != null
                && Boolean.FALSE.equals(request.parallelToolCalls())
                && !"none".equals(Json.text(choice, "type"))) {
            choice.put("disable_parallel_tool_use", true);
        }
        if (choice == null && Boolean.FALSE.equals(request.parallelToolCalls())) {
            choice = Json.object().put("type", "auto").put("disable_parallel_tool_use", true);
        }
        if (choice != null) {
            body.set("tool_choice", choice);
        }
    }

    private static ObjectNode toolChoice(ToolChoice choice) {
        if (choice == null) {
            return null;
        }
        return switch (choice.mode()) {
            case "auto" -> Json.object().put("type", "auto");
            case "required" -> Json.object().put("type", "any");
            case "none" -> Json.object().put("type", "none");
            case "function" -> forcedTool(choice.function());
            default ->
                throw new InvalidRequestException(
                        "tool_choice '" + choice.mode() + "' is not one of auto, none, required or a function",
                        "tool_choice");
        };
    }

    private static ObjectNode forcedTool(String name) {
        return Json.object().put("type", "tool").put("name", name);
    }

    private static String jsonToolName(ResponseFormat format, ChatRequest request) {
        String name = format.name() == null ? "" : format.name().replaceAll("[^a-zA-Z0-9_-]", "_");
        if (name.isEmpty()) {
            name = DEFAULT_JSON_TOOL;
        }
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        for (ToolDefinition tool : request.tools()) {
            if (tool.name().equals(name)) {
                throw new InvalidRequestException(
                        "response_format json_schema '" + name + "' has the name of one "
                                + "of the request's tools; Anthropic emulates the schema with a tool, so rename one of them",
                        "response_format.json_schema.name");
            }
        }
        return name;
    }

    private static JsonNode emptyObjectSchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}
