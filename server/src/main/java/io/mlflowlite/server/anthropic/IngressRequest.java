package io.mlflowlite.server.anthropic;

import static io.mlflowlite.server.anthropic.IngressFields.optional;
import static io.mlflowlite.server.anthropic.IngressFields.required;
import static io.mlflowlite.server.anthropic.IngressFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a client's {@code POST /v1/messages} body into a {@link ChatRequest}; the reverse of {@code AnthropicRequest}. */
final class IngressRequest {
    /** Fields read into typed parameters; every other top-level field goes to extraBody. */
    private static final Set<String> KNOWN = Set.of(
            "model",
            "max_tokens",
            "system",
            "messages",
            "temperature",
            "top_p",
            "stop_sequences",
            "stream",
            "tools",
            "tool_choice",
            "metadata");

    private IngressRequest() {}

    static ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(string(required(body, "model", null), "model"));
        Integer maxTokens = IngressFields.integer(required(body, "max_tokens", null), "max_tokens");
        if (maxTokens < 1) {
            throw new InvalidRequestException("max_tokens: must be at least 1, got " + maxTokens, "max_tokens");
        }
        b.maxTokens(maxTokens);
        List<Message> messages = new ArrayList<>(IngressMessages.system(optional(body, "system")));
        JsonNode turns = optional(body, "messages");
        // an endpoint bound to a prompt renders the conversation from prompt_variables: no turns needed then
        if (!body.has(ChatRequest.PROMPT_VARIABLES) || turns != null && !turns.isEmpty()) {
            messages.addAll(IngressMessages.messages(required(body, "messages", null)));
        }
        b.messages(messages);
        b.temperature(IngressFields.number(optional(body, "temperature"), "temperature"));
        b.topP(IngressFields.number(optional(body, "top_p"), "top_p"));
        // top_k has no OpenAI counterpart: checked here, then passed through in extraBody with the other fields
        IngressFields.integer(optional(body, "top_k"), "top_k");
        b.stop(stopSequences(optional(body, "stop_sequences")));
        Boolean stream = IngressFields.bool(optional(body, "stream"), "stream");
        b.stream(Boolean.TRUE.equals(stream));
        b.tools(tools(optional(body, "tools")));
        toolChoice(optional(body, "tool_choice"), b);
        b.user(userId(optional(body, "metadata")));
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                b.extraBody(field.getKey(), field.getValue());
            }
        }
        return b.build();
    }

    private static List<String> stopSequences(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        IngressFields.array(node, "stop_sequences");
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            stops.add(string(node.get(i), "stop_sequences[" + i + "]"));
        }
        return stops;
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        IngressFields.array(node, "tools");
        List<ToolDefinition> tools = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = IngressFields.object(node.get(i), path);
            String type = IngressFields.optString(optional(tool, "type"), path + ".type");
            if (type != null && !"custom".equals(type)) {
                // server tools (web_search, bash, text_editor …) run inside Anthropic's API; no other provider has them
                throw IngressFields.unsupportedType(path + ".type", type, "client tools (no type, or 'custom')");
            }
            String name = string(required(tool, "name", path), path + ".name");
            String description = IngressFields.optString(optional(tool, "description"), path + ".description");
            JsonNode schema = IngressFields.object(required(tool, "input_schema", path), path + ".input_schema");
            Boolean strict = IngressFields.bool(optional(tool, "strict"), path + ".strict");
            tools.add(new ToolDefinition(name, description, schema, strict));
        }
        return tools;
    }

    private static void toolChoice(JsonNode node, ChatRequest.Builder b) {
        if (node == null) {
            return;
        }
        IngressFields.object(node, "tool_choice");
        String type = string(required(node, "type", "tool_choice"), "tool_choice.type");
        b.toolChoice(
                switch (type) {
                    case "auto" -> ToolChoice.AUTO;
                    case "any" -> ToolChoice.REQUIRED;
                    case "none" -> ToolChoice.NONE;
                    case "tool" ->
                        ToolChoice.function(string(required(node, "name", "tool_choice"), "tool_choice.name"));
                    default ->
                        throw new InvalidRequestException(
                                "tool_choice.type: '" + type + "' is not one of 'auto', 'any', 'tool', 'none'",
                                "tool_choice.type");
                });
        Boolean disableParallel = IngressFields.bool(
                optional(node, "disable_parallel_tool_use"), "tool_choice.disable_parallel_tool_use");
        if (disableParallel != null) {
            b.parallelToolCalls(!disableParallel);
        }
    }

    /** {@code metadata.user_id}, the only metadata field the Messages API defines (it rejects others). */
    private static String userId(JsonNode metadata) {
        if (metadata == null) {
            return null;
        }
        IngressFields.object(metadata, "metadata");
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
            if (!"user_id".equals(field.getKey())) {
                throw new InvalidRequestException(
                        "metadata." + field.getKey() + ": unknown field; the Messages API's metadata has only user_id",
                        "metadata." + field.getKey());
            }
        }
        return IngressFields.optString(optional(metadata, "user_id"), "metadata.user_id");
    }
}
