package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ToolCallIdFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Writes a {@link ChatRequest} as the body of {@code POST /chat/completions}. Stateless. */
final class RequestWriter {
    private RequestWriter() {}

    static ObjectNode requestBody(ChatRequest r, Deployment d, boolean stream) {
        return requestBody(r, d, stream, ToolCallIdFormat::forOpenAi);
    }

    /** The body, with tool call ids passed through {@code ids} (the identity to record them as the caller sent them). */
    static ObjectNode requestBody(ChatRequest r, Deployment d, boolean stream, UnaryOperator<String> ids) {
        CompatProfile profile = CompatProfile.of(d.provider());
        ObjectNode body = Json.object();
        body.put("model", d.model());
        ArrayNode messages = body.putArray("messages");
        r.messages().forEach(m -> messages.add(message(m, profile, ids)));
        putIfSet(body, "temperature", r.temperature());
        putIfSet(body, "top_p", r.topP());
        if (r.maxTokens() != null) {
            body.put(profile.maxTokensField(), r.maxTokens());
        }
        if (!r.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.seed() != null) {
            body.put(profile.seedField(), r.seed());
        }
        if (r.n() != null) {
            body.put("n", r.n());
        }
        putIfSet(body, "presence_penalty", r.presencePenalty());
        putIfSet(body, "frequency_penalty", r.frequencyPenalty());
        if (!r.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            r.tools().forEach(t -> tools.add(tool(t)));
        }
        if (r.toolChoice() != null) {
            body.set("tool_choice", toolChoice(r.toolChoice(), profile));
        }
        if (r.parallelToolCalls() != null) {
            body.put("parallel_tool_calls", r.parallelToolCalls());
        }
        if (r.responseFormat() != null) {
            body.set("response_format", responseFormat(r.responseFormat()));
        }
        if (r.reasoningEffort() != null && profile.sendsReasoningEffort()) {
            body.put("reasoning_effort", r.reasoningEffort().wire());
        }
        if (r.user() != null && profile.sendsUser()) {
            body.put("user", r.user());
        }
        if (stream) {
            body.put("stream", true);
            if (profile.streamOptions()) {
                // without it OpenAI streams no usage at all, and cost and traces would have to estimate tokens
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        mergeExtra(body, r.extraBody());
        return body;
    }

    /**
     * Merges {@code extra} into the top level of {@code body}; extra fields win. A null value removes the field,
     * so callers can drop something a strict server rejects.
     */
    static void mergeExtra(ObjectNode body, Map<String, Object> extra) {
        extra.forEach((key, value) -> {
            if (value == null) {
                body.remove(key);
            } else {
                JsonNode node = Json.tree(value);
                if (node == null || node.isNull()) {
                    body.remove(key);
                } else {
                    body.set(key, node);
                }
            }
        });
    }

    private static ObjectNode message(Message m, CompatProfile profile, UnaryOperator<String> ids) {
        ObjectNode node = Json.object();
        Role role = m.role() == Role.DEVELOPER && !profile.developerRole() ? Role.SYSTEM : m.role();
        node.put("role", role.wireName());
        boolean hasText = m.content().stream().anyMatch(ContentPart.Text.class::isInstance);
        if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty() && !hasText) {
            // OpenAI's documented shape for an assistant turn that only calls tools
            node.putNull("content");
        } else {
            node.set("content", content(m));
        }
        if (m.name() != null) {
            node.put("name", m.name());
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", ids.apply(call.id()));
                c.put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (m.toolCallId() != null) {
            node.put("tool_call_id", ids.apply(m.toolCallId()));
        }
        return node;
    }

    private static JsonNode content(Message m) {
        if (m.content().size() == 1 && m.content().getFirst() instanceof ContentPart.Text text) {
            return Json.MAPPER.getNodeFactory().textNode(text.text());
        }
        if (m.content().isEmpty()) {
            return Json.MAPPER.getNodeFactory().textNode("");
        }
        ArrayNode parts = Json.array();
        for (ContentPart part : m.content()) {
            switch (part) {
                case ContentPart.Text text ->
                    parts.addObject().put("type", "text").put("text", text.text());
                case ContentPart.Image image -> {
                    ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url");
                    url.put("url", image.url());
                    if (image.detail() != null) {
                        url.put("detail", image.detail());
                    }
                }
            }
        }
        return parts;
    }

    private static ObjectNode tool(ToolDefinition t) {
        ObjectNode tool = Json.object().put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", t.name());
        if (t.description() != null) {
            function.put("description", t.description());
        }
        if (t.parameters() != null && !t.parameters().isNull()) {
            function.set("parameters", t.parameters());
        }
        if (t.strict() != null) {
            function.put("strict", t.strict());
        }
        return tool;
    }

    private static JsonNode toolChoice(ToolChoice choice, CompatProfile profile) {
        if ("function".equals(choice.mode())) {
            ObjectNode named = Json.object().put("type", "function");
            named.putObject("function").put("name", choice.function());
            return named;
        }
        String mode = "required".equals(choice.mode()) ? profile.requiredToolChoice() : choice.mode();
        return Json.MAPPER.getNodeFactory().textNode(mode);
    }

    private static ObjectNode responseFormat(ResponseFormat format) {
        ObjectNode node = Json.object().put("type", format.type());
        if ("json_schema".equals(format.type())) {
            ObjectNode schema = node.putObject("json_schema");
            schema.put("name", format.name());
            if (format.schema() != null) {
                schema.set("schema", format.schema());
            }
            if (format.strict() != null) {
                schema.put("strict", format.strict());
            }
        }
        return node;
    }

    private static void putIfSet(ObjectNode body, String field, Double value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
