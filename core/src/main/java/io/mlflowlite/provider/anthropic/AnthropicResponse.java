package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Messages API's answers into OpenAI shapes: a {@code message} into a {@link ChatResponse}, its
 * {@code stop_reason} into a finish reason, its {@code usage} into {@link Usage}, an {@code error} object into
 * a {@link ProviderException}. Stateless.
 */
final class AnthropicResponse {
    private AnthropicResponse() {}

    /**
     * The response for a {@code message} body.
     *
     * @param jsonOutputTool the tool emulating a json_schema response format, whose input becomes the text; or null
     */
    static ChatResponse toChatResponse(JsonNode body, String provider, String jsonOutputTool, long created) {
        if ("error".equals(Json.text(body, "type"))) {
            throw error(provider, body.path("error"));
        }
        JsonNode content = body.get("content");
        if (content == null || !content.isArray()) {
            throw new MalformedResponseException(
                    provider + " sent a message without a content array: " + Json.abbreviate(body.toString()));
        }
        StringBuilder text = new StringBuilder();
        String structured = null;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    String name = Json.text(block, "name");
                    String input = block.path("input").isMissingNode()
                            ? "{}"
                            : block.get("input").toString();
                    if (jsonOutputTool != null && jsonOutputTool.equals(name)) {
                        structured = input;
                    } else {
                        calls.add(new ToolCall(Json.text(block, "id"), name, input));
                    }
                }
                default -> {} // thinking and server-tool blocks are carried as extras (AnthropicExtras)
            }
        }
        // the caller asked for JSON: give exactly the schema tool's input, as OpenAI would, without any preamble
        String answer = structured != null ? structured : text.toString();
        FinishReason finish = finishReason(Json.text(body, "stop_reason"), structured != null && calls.isEmpty());
        Message message = Message.assistant(answer.isEmpty() && !calls.isEmpty() ? null : answer, calls)
                .withExtras(AnthropicExtras.ofMessage(body));
        return ChatResponse.builder()
                .id(Json.text(body, "id"))
                .created(created)
                .model(Json.text(body, "model"))
                .addChoice(new Choice(0, message, finish))
                .usage(usage(body.path("usage")))
                .provider(provider)
                .raw(body)
                .build();
    }

    /**
     * OpenAI's finish reason for a {@code stop_reason}, or null for null. A {@code tool_use} stop that only
     * called the structured-output tool is a normal {@code stop}: for the caller it answered in JSON.
     */
    static FinishReason finishReason(String stopReason, boolean onlyStructuredOutput) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> onlyStructuredOutput ? FinishReason.STOP : FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            // end_turn, stop_sequence, pause_turn (a server tool paused a long turn) and reasons added later
            default -> FinishReason.STOP;
        };
    }

    /**
     * The {@code stop_reason} for a finish reason, the reverse of {@link #finishReason}: {@code length} is
     * {@code max_tokens}, {@code tool_calls} (and {@code function_call}) {@code tool_use}, {@code content_filter}
     * {@code refusal}, and {@code stop}, null or an {@link FinishReason.Other} {@code end_turn} (whether a stop
     * sequence matched is not in OpenAI's shape, so it is never {@code stop_sequence}).
     */
    static String stopReason(FinishReason finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case FinishReason.Known known ->
                switch (known) {
                    case LENGTH -> "max_tokens";
                    case TOOL_CALLS, FUNCTION_CALL -> "tool_use";
                    case CONTENT_FILTER -> "refusal";
                    case STOP -> "end_turn";
                };
            case FinishReason.Other other -> "end_turn";
        };
    }

    /**
     * {@code usage} in the Messages API's shape, the reverse of {@link #usage(JsonNode)}: {@code input_tokens} are
     * the uncached ones (prompt tokens less cache reads and writes, never below 0), cache reads and writes in their
     * own fields, {@code output_tokens} the completion tokens.
     */
    static ObjectNode usageJson(Usage usage) {
        int cacheRead = usage.cachedTokens();
        int cacheWrite = usage.cacheWriteTokens();
        ObjectNode json = Json.object();
        json.put("input_tokens", Math.max(0, usage.promptTokens() - cacheRead - cacheWrite));
        json.put("cache_creation_input_tokens", cacheWrite);
        json.put("cache_read_input_tokens", cacheRead);
        json.put("output_tokens", usage.completionTokens());
        if (!usage.serverToolUse().isEmpty()) {
            ObjectNode tools = json.putObject("server_tool_use");
            usage.serverToolUse().forEach(tools::put);
        }
        return json;
    }

    /**
     * Usage in OpenAI's convention: prompt tokens include cache reads and cache writes, which Anthropic
     * counts apart from {@code input_tokens}.
     */
    static Usage usage(JsonNode usage) {
        Usage counted = usage(
                Json.intAt(usage, "/input_tokens"),
                Json.intAt(usage, "/cache_read_input_tokens"),
                Json.intAt(usage, "/cache_creation_input_tokens"),
                Json.intAt(usage, "/output_tokens"));
        // thinking tokens are part of output_tokens; newer API versions also report them apart
        int thinking = Json.intAt(usage, "/output_tokens_details/thinking_tokens");
        return new Usage(
                counted.promptTokens(),
                counted.completionTokens(),
                counted.totalTokens(),
                counted.cachedTokens(),
                counted.cacheWriteTokens(),
                thinking,
                false,
                AnthropicExtras.serverToolUse(usage));
    }

    static Usage usage(int input, int cacheRead, int cacheWrite, int output) {
        int prompt = input + cacheRead + cacheWrite;
        return new Usage(prompt, output, prompt + output, cacheRead, cacheWrite, 0, false);
    }

    /**
     * The exception for an {@code error} object ({@code {"type":…,"message":…}}) that arrived with a 2xx status,
     * in a stream's {@code event: error} or a proxied body. It gets the HTTP status Anthropic uses for that
     * error type, so retry decisions match those for the same error sent as a status: overloaded and API
     * errors are retryable, a rate limit becomes {@link RateLimitedException}, invalid requests are not.
     */
    static ProviderException error(String provider, JsonNode error) {
        String type = Json.text(error, "type");
        String message = Json.text(error, "message");
        if (message == null) {
            message = Json.abbreviate(error.toString());
        }
        int status = statusOf(type);
        if (status == 429) {
            return new RateLimitedException(provider, type, null, message, null);
        }
        return new ProviderException(provider, status, type, null, message, ProviderException.retryableStatus(status));
    }

    /** The HTTP status Anthropic answers with for an error type; 500 for api_error, null and unknown types. */
    static int statusOf(String type) {
        if (type == null) {
            return 500;
        }
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500; // api_error and types added later: a server-side failure
        };
    }

    /** The error type Anthropic uses for an HTTP status, the reverse of {@link #statusOf}; api_error for the rest. */
    static String errorType(int status) {
        return switch (status) {
            case 400, 409, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 408, 504 -> "timeout_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }
}
