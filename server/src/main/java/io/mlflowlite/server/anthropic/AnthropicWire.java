package io.mlflowlite.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.anthropic.AnthropicVocabulary;
import java.time.Duration;
import java.util.Optional;

/**
 * Anthropic's Messages wire format in the ingress direction: what a gateway serving {@code POST /v1/messages}
 * reads from Anthropic SDK clients and writes back to them, whichever provider answers. The counterpart of
 * {@link io.mlflowlite.provider.openai.OpenAiWire}; {@link AnthropicProvider} covers the other direction, and the
 * two share their mappings (stop reasons, usage, error types), so a request read here and sent on to an Anthropic
 * upstream keeps every field both shapes have.
 *
 * <p>Streams are written by {@link AnthropicSseWriter}. Stateless and thread-safe; nothing here blocks or does
 * I/O. Every method returns a new tree the caller owns.
 */
public final class AnthropicWire {
    private AnthropicWire() {}

    /**
     * Reads a client's Messages request body into a {@link ChatRequest}.
     *
     * <ul>
     *   <li>{@code model} and {@code max_tokens} are required, as the Messages API requires them;
     *       {@code messages} must hold at least one message.</li>
     *   <li>{@code system} (a string or text blocks) becomes one system message per block; a mid-conversation
     *       {@code system}-role turn inside {@code messages} stays at its place, under Anthropic's placement rules
     *       (never the first entry: that is what the top-level {@code system} field is for; never two in a row). Block-level {@code cache_control} and {@code citations} are not kept: the
     *       chat model has no place for them.</li>
     *   <li>User turns: text and image blocks (a {@code base64} source becomes a {@code data:} URL, a {@code url}
     *       source stays a URL) make one user message; each {@code tool_result} block becomes a {@code tool} message
     *       answering its {@code tool_use_id}, in block order, before that user message, as OpenAI requires tool
     *       results right after the calls. A result's content is a string or text and image blocks; a result
     *       flagged {@code is_error} starts with {@code "Error: "}, since OpenAI's tool message has no such flag
     *       and every model reads the text.</li>
     *   <li>Assistant turns: text blocks and {@code tool_use} blocks (input as the call's JSON arguments) make one
     *       assistant message; {@code thinking} and {@code redacted_thinking} blocks are left out.</li>
     *   <li>{@code temperature}, {@code top_p}, {@code stop_sequences} ({@code stop}), {@code stream},
     *       {@code metadata.user_id} ({@code user}), {@code tools} (client tools: name, description,
     *       {@code input_schema}), {@code tool_choice} ({@code auto}, {@code any} as {@code required},
     *       {@code none}, {@code tool} as that function; {@code disable_parallel_tool_use} as
     *       {@code parallelToolCalls = false}) are mapped.</li>
     *   <li>Every other top-level field ({@code top_k}, {@code thinking}, {@code service_tier},
     *       {@code container} …) goes to {@link ChatRequest#extraBody()} unchanged, so it reaches an Anthropic
     *       upstream as sent.</li>
     * </ul>
     * Blocks and tools only Anthropic's API can serve (documents, server tools, Files API sources) and wrong types
     * are an {@link io.mlflowlite.error.InvalidRequestException} whose {@code param} names the field, such as
     * {@code messages[1].content[0].type}.
     */
    public static ChatRequest parseRequest(JsonNode body) {
        return IngressRequest.parse(body);
    }

    /**
     * {@code response} as the Messages API's {@code message} object: {@code id} ({@code msg_…}: the response's id
     * when it is one, else {@code msg_} + that id), {@code type}, {@code role}, {@code model} (the one that answered,
     * else {@code requestedModel}), {@code content} (a text block when there is text, then a {@code tool_use} block
     * per call with its id unchanged and its arguments parsed as {@code input}; arguments that are not a JSON object
     * are kept as text under {@code input._raw}), {@code stop_reason} ({@code stop} → {@code end_turn},
     * {@code length} → {@code max_tokens}, {@code tool_calls} → {@code tool_use}, {@code content_filter} →
     * {@code refusal}; an Anthropic upstream's own {@code stop_sequence} or {@code pause_turn} is kept when it
     * agrees), {@code stop_sequence} and {@code usage} with {@code input_tokens} not counting cache reads and
     * writes, which have their own fields.
     */
    public static ObjectNode responseJson(ChatResponse response, String requestedModel) {
        return IngressResponse.message(response, requestedModel);
    }

    /** An error body as the Messages API sends it: {@code {"type":"error","error":{"type","message"}}}. */
    public static ObjectNode errorJson(int status, String type, String message) {
        ObjectNode body = Json.object();
        body.put("type", "error");
        body.putObject("error")
                .put("type", type == null ? errorType(status) : type)
                .put("message", message);
        return body;
    }

    /**
     * The Anthropic error type for an HTTP status: {@code invalid_request_error} 400, {@code authentication_error}
     * 401, {@code billing_error} 402, {@code permission_error} 403, {@code not_found_error} 404,
     * {@code request_too_large} 413, {@code rate_limit_error} 429, {@code timeout_error} 504,
     * {@code overloaded_error} 529, other 4xx {@code invalid_request_error}, other statuses {@code api_error}.
     */
    public static String errorType(int status) {
        return AnthropicVocabulary.errorType(status);
    }

    /**
     * The status and Anthropic error for a failure, by the decision it asks of the caller: an invalid request 400
     * ({@code invalid_request_error}), an unknown model 404 ({@code not_found_error}), a rate limit 429
     * ({@code rate_limit_error}, with its retry-after), an upstream error its own status (its type when it is one of
     * Anthropic's for that status, else the type for the status; an upstream 401/403 is 502 {@code api_error}, the
     * gateway's provider key having been refused), timeouts and an exceeded deadline 504 ({@code timeout_error}),
     * connection failures and malformed upstream answers 502 ({@code api_error}), an open circuit or an
     * unconfigured provider 503 ({@code api_error}), anything else 500 {@code api_error} with a message that
     * reveals nothing internal.
     */
    public static ErrorMapping errorFor(Throwable failure) {
        return IngressErrors.errorFor(failure);
    }

    /**
     * How a failure is answered on {@code /v1/messages}.
     *
     * @param status     the HTTP status
     * @param type       Anthropic's error type, such as {@code overloaded_error}
     * @param message    what went wrong
     * @param retryAfter how long the client should wait, for a rate limit that said so
     */
    public record ErrorMapping(int status, String type, String message, Optional<Duration> retryAfter) {
        /** A null {@code retryAfter} reads as empty. */
        public ErrorMapping {
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        /** The error body, {@code {"type":"error","error":{"type","message"}}}. */
        public ObjectNode toJson() {
            return errorJson(status, type, message);
        }
    }
}
