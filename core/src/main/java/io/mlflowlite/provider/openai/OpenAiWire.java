package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.provider.Deployment;

/**
 * OpenAI's chat wire format, both ways: requests to JSON and back, responses and chunks to JSON and back.
 * The OpenAI adapter, {@link ChatResponse#toJson()}, {@link ChatChunk#toJson()} and the gateway server all use
 * this one codec, so what the server accepts and writes is exactly what the adapter sends and reads.
 *
 * <p>Stateless and thread-safe; nothing here blocks or does I/O. Every method returns a new tree the caller
 * owns.
 */
public final class OpenAiWire {
    /** The base URL of the deployment {@link #requestJson} writes for: never called, only there to be complete. */
    private static final java.net.URI NO_SERVER = java.net.URI.create("http://localhost");

    private OpenAiWire() {}

    /**
     * The body of {@code POST /chat/completions} for {@code request} sent to {@code deployment}.
     *
     * <p>{@code model} is the deployment's model id. Unset parameters are left out (never sent as null), so the
     * provider's defaults apply. The deployment's provider selects the compatible-server profile: OpenAI gets
     * {@code max_completion_tokens}, other servers {@code max_tokens}; Mistral gets {@code random_seed},
     * {@code tool_choice: "any"} and no {@code stream_options}. When {@code stream} is true the body asks for
     * {@code stream: true} and, where the server supports it, {@code stream_options: {include_usage: true}}.
     * Finally {@link ChatRequest#extraBody()} is merged into the top level: its fields win, and a field whose
     * value is null is removed.
     */
    public static ObjectNode requestBody(ChatRequest request, Deployment deployment, boolean stream) {
        return RequestWriter.requestBody(request, deployment, stream);
    }

    /**
     * {@code request} as the OpenAI request body its caller meant: the model as requested, {@code max_tokens},
     * no provider quirks. Used to record a call's inputs in its trace.
     */
    public static ObjectNode requestJson(ChatRequest request) {
        Deployment asWritten = new Deployment(
                request.model(),
                "openai-compatible",
                "openai",
                request.model(),
                NO_SERVER,
                null,
                java.util.Map.of(),
                null);
        ObjectNode body = RequestWriter.requestBody(request, asWritten, false, id -> id);
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    /**
     * Reads a client's {@code chat/completions} request body (the gateway server's ingress).
     *
     * <p>Checks each known field's type and throws {@link io.mlflowlite.error.InvalidRequestException} whose
     * {@code param} names the field at fault, such as {@code messages[2].role} or
     * {@code tools[0].function.name}. JSON null counts as "not set". {@code max_completion_tokens} wins over
     * {@code max_tokens}; OpenAI's {@code metadata} becomes the request's trace labels; {@code stream_options} is
     * checked but not kept (the server reads {@code include_usage} from the body itself, and the adapter always
     * asks upstream for usage). Every unknown top-level field goes to {@link ChatRequest#extraBody()} unchanged,
     * so it reaches the provider.
     */
    public static ChatRequest parseRequest(JsonNode body) {
        return RequestParser.parseRequest(body);
    }

    /**
     * Reads a {@code chat.completion} body that {@code deployment} answered with.
     *
     * <p>Keeps each choice's text and tool calls and its finish reason (Mistral's {@code model_length} reads as
     * {@code length}), the usage with cached and reasoning tokens, and {@code system_fingerprint}; sets
     * {@link ChatResponse#provider()} to the deployment's provider and {@link ChatResponse#raw()} to
     * {@code body}, where every field not modelled here (refusal, annotations, logprobs…) stays available.
     * A body without a {@code choices} array or a choice without a {@code message} is a
     * {@link io.mlflowlite.error.MalformedResponseException}.
     */
    public static ChatResponse parseResponse(JsonNode body, Deployment deployment) {
        return ResponseReader.parseResponse(body, deployment);
    }

    /**
     * {@code response} as OpenAI's {@code chat.completion} object, field for field: id, object, created, model,
     * choices (message with role, content, {@code refusal: null}, tool_calls when any; {@code logprobs: null};
     * finish_reason), usage with {@code prompt_tokens_details.cached_tokens} and
     * {@code completion_tokens_details.reasoning_tokens}, and system_fingerprint when known. No field that
     * OpenAI does not define.
     */
    public static ObjectNode responseJson(ChatResponse response) {
        return ResponseWriter.responseJson(response);
    }

    /**
     * Reads one {@code chat.completion.chunk} (the JSON of one SSE {@code data:} line). OpenAI's final usage
     * chunk has {@code choices: []} and comes back as a chunk with no deltas and a usage. A value that is not a
     * chunk object is a {@link io.mlflowlite.error.MalformedResponseException}.
     */
    public static ChatChunk parseChunk(JsonNode chunk) {
        return ResponseReader.parseChunk(chunk);
    }

    /**
     * {@code chunk} as OpenAI's {@code chat.completion.chunk} object: each choice's delta carries only what is
     * set (role, content, tool call pieces), with {@code logprobs: null} and a {@code finish_reason} that is null
     * until the choice ends; {@code usage} appears only when the chunk has one.
     */
    public static ObjectNode chunkJson(ChatChunk chunk) {
        return ResponseWriter.chunkJson(chunk);
    }
}
