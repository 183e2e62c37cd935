package io.mlflowlite.pipeline;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rejects requests no provider would accept, before any network call, naming the field at fault and how to
 * fix it. Stateless.
 */
public final class RequestValidator {
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private RequestValidator() {}

    /** Throws {@link InvalidRequestException} for the first problem found. */
    public static void validate(ChatRequest request) {
        if (request.messages().isEmpty()) {
            throw new InvalidRequestException("messages must not be empty: add at least one user message", "messages");
        }
        Set<String> openCalls = new HashSet<>();
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            String where = "messages[" + i + "]";
            if (message == null || message.role() == null) {
                throw new InvalidRequestException(
                        where + ".role is required: one of system, developer, user, " + "assistant, tool",
                        where + ".role");
            }
            if (message.role() == Role.TOOL) {
                if (message.toolCallId() == null || !openCalls.remove(message.toolCallId())) {
                    throw new InvalidRequestException(
                            where + " is a tool result for call '" + message.toolCallId()
                                    + "', which no earlier assistant message made: tool results must answer a tool_call id "
                                    + "of a preceding assistant message",
                            where + ".tool_call_id");
                }
            } else if (!message.toolCalls().isEmpty()) {
                if (message.role() != Role.ASSISTANT) {
                    throw new InvalidRequestException(
                            where + " has tool_calls but role " + message.role().wireName()
                                    + ": only assistant messages call tools",
                            where + ".tool_calls");
                }
                for (ToolCall call : message.toolCalls()) {
                    openCalls.add(call.id());
                }
            } else if (message.content().isEmpty() && message.role() != Role.ASSISTANT) {
                throw new InvalidRequestException(where + " has no content", where + ".content");
            }
        }
        positive(request.maxTokens(), "max_tokens");
        positive(request.n(), "n");
        range(request.temperature(), 0, 2, "temperature");
        range(request.topP(), 0, 1, "top_p");
        range(request.presencePenalty(), -2, 2, "presence_penalty");
        range(request.frequencyPenalty(), -2, 2, "frequency_penalty");
        if (request.stop().size() > 4) {
            throw new InvalidRequestException(
                    "stop takes at most 4 sequences, got " + request.stop().size(), "stop");
        }
        if (request.maxRetries() != null && request.maxRetries() < 0) {
            throw new InvalidRequestException("maxRetries must be >= 0, got " + request.maxRetries(), "max_retries");
        }
        if (request.timeout() != null && !request.timeout().isPositive()) {
            throw new InvalidRequestException("timeout must be positive, got " + request.timeout(), "timeout");
        }
        if (request.deadline() != null && !request.deadline().isPositive()) {
            throw new InvalidRequestException("deadline must be positive, got " + request.deadline(), "deadline");
        }
        validateTools(request);
        if (request.responseFormat() != null
                && "json_schema".equals(request.responseFormat().type())
                && (request.responseFormat().schema() == null
                        || request.responseFormat().name() == null)) {
            throw new InvalidRequestException(
                    "response_format json_schema needs a name and a schema", "response_format.json_schema");
        }
    }

    private static void validateTools(ChatRequest request) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < request.tools().size(); i++) {
            ToolDefinition tool = request.tools().get(i);
            if (tool.name() == null || !TOOL_NAME.matcher(tool.name()).matches()) {
                throw new InvalidRequestException(
                        "tools[" + i + "].function.name '" + tool.name()
                                + "' is invalid: use 1-64 letters, digits, '_' or '-'",
                        "tools[" + i + "].function.name");
            }
            if (!names.add(tool.name())) {
                throw new InvalidRequestException(
                        "tools[" + i + "]: duplicate tool name '" + tool.name() + "'",
                        "tools[" + i + "].function.name");
            }
            if (tool.parameters() != null && !tool.parameters().isObject()) {
                throw new InvalidRequestException(
                        "tools[" + i + "].function.parameters must be a JSON Schema object",
                        "tools[" + i + "].function.parameters");
            }
        }
        if (request.toolChoice() != null
                && "function".equals(request.toolChoice().mode())
                && !names.contains(request.toolChoice().function())) {
            throw new InvalidRequestException(
                    "tool_choice names function '" + request.toolChoice().function()
                            + "', which is not among the tools " + names,
                    "tool_choice");
        }
        if (request.toolChoice() != null
                && !"none".equals(request.toolChoice().mode())
                && names.isEmpty()
                && !"auto".equals(request.toolChoice().mode())) {
            throw new InvalidRequestException(
                    "tool_choice '" + request.toolChoice().mode() + "' needs tools: add tools or drop tool_choice",
                    "tool_choice");
        }
    }

    private static void positive(Integer value, String param) {
        if (value != null && value < 1) {
            throw new InvalidRequestException(param + " must be at least 1, got " + value, param);
        }
    }

    private static void range(Double value, double min, double max, String param) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw new InvalidRequestException(
                    param + " must be between " + min + " and " + max + ", got " + value, param);
        }
    }
}
