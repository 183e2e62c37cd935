package io.mlflowlite.provider.anthropic;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.internal.http.HttpReply;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code anthropic} wire format: Anthropic's Messages API ({@code POST {baseUrl}/messages}, default base
 * {@code https://api.anthropic.com/v1}), answered in OpenAI's shapes. Stateless and thread-safe; {@link #chat}
 * blocks up to the call's wait budget, and so does every event a {@link #stream} source waits for.
 *
 * <h2>Request</h2>
 * <ul>
 *   <li>Headers: {@code x-api-key} (when the deployment has a key), {@code anthropic-version: 2023-06-01},
 *       then the deployment's headers, then the request's {@code extraHeaders} (such as {@code anthropic-beta});
 *       later ones win.</li>
 *   <li>System and developer messages become the top-level {@code system} text (joined by a blank line); the
 *       rest become alternating {@code user}/{@code assistant} messages of content blocks, consecutive turns of
 *       the same role merged. Tool results become {@code tool_result} blocks in a user turn, assistant tool
 *       calls {@code tool_use} blocks whose {@code input} is the parsed arguments (arguments that are not a JSON
 *       object are an {@link io.mlflowlite.error.InvalidRequestException}). Data-URL images are sent as base64
 *       sources, http(s) images as URL sources.</li>
 *   <li>{@code max_tokens} is required by the API: the request's value, else {@link #DEFAULT_MAX_TOKENS}.</li>
 *   <li>{@code temperature}, {@code top_p}, {@code stop} ({@code stop_sequences}), {@code user}
 *       ({@code metadata.user_id}), tools ({@code input_schema} defaulting to an empty object schema),
 *       {@code tool_choice} (auto, required as {@code any}, none, a function as {@code tool}) and
 *       {@code parallel_tool_calls=false} ({@code disable_parallel_tool_use}) are mapped.</li>
 *   <li>{@code reasoning_effort} turns on extended thinking with a budget of 1024 (minimal, low), 2048
 *       (medium) or 4096 (high) tokens, and the default {@code max_tokens} grows by that budget; a
 *       {@code thinking} object in {@code extraBody} takes precedence. (Anthropic rejects a
 *       {@code temperature} other than 1 while thinking; that error comes back as the provider sent it.)</li>
 *   <li>{@code response_format} {@code json_schema} is emulated with a tool named after the schema whose
 *       {@code input_schema} is the schema, forced with {@code tool_choice} when the request has no tools of its
 *       own; the tool's input comes back as the answer's text with finish reason {@code stop}, as OpenAI would
 *       answer. (Anthropic rejects forced tool use together with extended thinking.) {@code json_object} adds
 *       an instruction to {@code system} asking for a single JSON object.</li>
 *   <li>{@code extraBody} is merged into the top level last, so it wins ({@code thinking}, {@code metadata},
 *       {@code top_k}, {@code service_tier} …).</li>
 * </ul>
 *
 * <h2>Parameters Anthropic lacks</h2>
 * Like LiteLLM without {@code drop_params}, a parameter that would change the answer and that Anthropic cannot
 * honour is refused before any network call with an {@link io.mlflowlite.error.InvalidRequestException} naming it:
 * {@code n > 1}, and non-zero {@code presence_penalty} or {@code frequency_penalty}. {@code seed} is dropped
 * silently: it is only a best-effort hint even on OpenAI, so dropping it changes no contract. Tool
 * {@code strict} flags are not sent.
 *
 * <h2>Response</h2>
 * Text blocks are concatenated into the content, {@code tool_use} blocks become tool calls (arguments = the
 * input as JSON text); thinking blocks (with their signatures), citations, server-tool blocks and
 * {@code stop_details} are carried as the message's extras ({@link AnthropicExtras}), and an assistant message's
 * signed thinking blocks are sent back first in its turn. {@code stop_reason} maps {@code end_turn},
 * {@code stop_sequence}, {@code pause_turn} to {@code stop}, {@code max_tokens} to {@code length},
 * {@code tool_use} to {@code tool_calls}, {@code refusal} to {@code content_filter}. Usage follows OpenAI's
 * convention: prompt tokens = {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens},
 * with cache reads in {@code cachedTokens} and cache writes in {@code cacheWriteTokens}, thinking tokens (when
 * reported) in {@code reasoningTokens}, {@code server_tool_use} in {@code serverToolUse}. Tool call ids that
 * Anthropic would reject (a Gemini id with its signature) are rewritten ({@link io.mlflowlite.provider.ToolCallIdFormat}). The id is the message
 * id; {@code raw()} is the body as received.
 *
 * <h2>Errors</h2>
 * Non-2xx answers ({@code {"type":"error","error":{"type","message"}}}) become
 * {@link io.mlflowlite.error.ProviderException}s keeping type and message; 529 {@code overloaded_error} is
 * retryable like any 5xx, 429 is a {@link io.mlflowlite.error.RateLimitedException} with its {@code retry-after}.
 * An {@code event: error} inside a stream is thrown from the source's {@code next()} with the status Anthropic
 * uses for that error type ({@code overloaded_error} as a retryable 529).
 */
public final class AnthropicProvider implements Provider {
    /**
     * {@code max_tokens} sent when the request sets none. The Messages API requires the field; 4096 is the
     * default LiteLLM sends and fits the output limit of every current Claude model, so a request written for
     * OpenAI works unchanged. Set {@code maxTokens} for longer answers.
     */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /** The API version sent in {@code anthropic-version}; override with an extra header if needed. */
    public static final String API_VERSION = "2023-06-01";

    /** Where requests go when the deployment has no base URL. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com/v1");

    private final HttpTransport transport;

    /** An adapter sending its requests through {@code transport}. */
    public AnthropicProvider(HttpTransport transport) {
        this.transport = transport;
    }

    /** Always {@code anthropic}. */
    @Override
    public String wire() {
        return "anthropic";
    }

    /** Sends one Messages request and maps the answer; blocks up to the call's wait budget. */
    @Override
    public ChatResponse chat(ProviderCall call) {
        Deployment deployment = call.deployment();
        AnthropicRequest request = AnthropicRequest.of(call.request(), deployment.model(), false);
        HttpReply reply = transport.postJson(
                deployment.provider(),
                messagesUri(deployment),
                headers(deployment, call.request()),
                request.body(),
                call.waitBudget());
        return AnthropicResponse.toChatResponse(
                reply.json(deployment.provider()),
                deployment.provider(),
                request.jsonOutputTool(),
                Instant.now().getEpochSecond());
    }

    /**
     * Starts a streamed Messages request; returns once Anthropic accepted it (2xx headers) and throws its error
     * otherwise. The source's {@code next()} waits at most the call's wait budget per event.
     */
    @Override
    public ChunkSource stream(ProviderCall call) {
        Deployment deployment = call.deployment();
        AnthropicRequest request = AnthropicRequest.of(call.request(), deployment.model(), true);
        SseConnection connection = transport.postSse(
                deployment.provider(),
                messagesUri(deployment),
                headers(deployment, call.request()),
                request.body(),
                call.waitBudget());
        return new AnthropicStream(
                connection, call, request.jsonOutputTool(), Instant.now().getEpochSecond());
    }

    private static URI messagesUri(Deployment deployment) {
        if (deployment.baseUrl() == null) {
            return URI.create(DEFAULT_BASE_URL + "/messages");
        }
        return deployment.resolve("/messages");
    }

    private static Map<String, String> headers(Deployment deployment, ChatRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (deployment.apiKey() != null) {
            headers.put("x-api-key", deployment.apiKey());
        }
        headers.put("anthropic-version", API_VERSION);
        headers.putAll(deployment.headers());
        headers.putAll(request.extraHeaders());
        return headers;
    }
}
