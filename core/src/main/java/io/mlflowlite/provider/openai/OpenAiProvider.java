package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.internal.http.SseConnection;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter for OpenAI's chat-completions and embeddings API, and for every server that copies it (Mistral,
 * Ollama, vLLM, LM Studio, DeepSeek, Groq, Together, OpenRouter, xAI …), each with its quirks chosen by
 * {@link Deployment#provider()}.
 *
 * <p>Requests go to {@code {baseUrl}/chat/completions} and {@code {baseUrl}/embeddings} with
 * {@code Authorization: Bearer <key>} when the deployment has a key (local servers need none), then the
 * deployment's headers, then the request's extra headers (which win). Failures are typed: non-2xx answers are
 * {@link io.mlflowlite.error.ProviderException} (429: {@link io.mlflowlite.error.RateLimitedException} with its
 * retry-after), slow answers {@link io.mlflowlite.error.AttemptTimeoutException}, broken connections
 * {@link io.mlflowlite.error.ConnectionException}, bodies that are not OpenAI's format
 * {@link MalformedResponseException}. Never retries; never waits longer than {@link ProviderCall#waitBudget()}.
 *
 * <p>Thread-safe (its only state is a cache of request URLs): one instance serves every deployment.
 * {@link #chat} and {@link #embed} block the calling thread for the HTTP exchange.
 */
public final class OpenAiProvider implements Provider {
    /** Past this many base URLs the cache starts over (a configuration holds a handful). */
    private static final int MAX_CACHED_URIS = 256;

    private final HttpTransport transport;
    /** {@code {baseUrl}/chat/completions} by base URL: built once rather than parsed again for every call. */
    private final Map<URI, URI> chatUris = new ConcurrentHashMap<>();

    /** An adapter sending through {@code transport}. */
    public OpenAiProvider(HttpTransport transport) {
        this.transport = transport;
    }

    /** Always {@code openai}. */
    @Override
    public String wire() {
        return "openai";
    }

    /** Sends one non-streaming chat completion; blocks until the whole answer arrived or the budget is spent. */
    @Override
    public ChatResponse chat(ProviderCall call) {
        Deployment d = call.deployment();
        ObjectNode body = OpenAiWire.requestBody(call.request(), d, false);
        JsonNode answer = transport
                .postJson(d.provider(), chatUri(d), headers(call), body, call.waitBudget())
                .json(d.provider());
        return OpenAiWire.parseResponse(answer, d);
    }

    /**
     * Starts a streamed chat completion and returns once the server accepted it; the source then yields one
     * chunk per {@code data:} event, the usage chunk included, and null after {@code data: [DONE]}.
     */
    @Override
    public ChunkSource stream(ProviderCall call) {
        Deployment d = call.deployment();
        ObjectNode body = OpenAiWire.requestBody(call.request(), d, true);
        SseConnection connection = transport.postSse(d.provider(), chatUri(d), headers(call), body, call.waitBudget());
        return new OpenAiChunkSource(connection, call);
    }

    /**
     * Embeds the texts with {@code POST {baseUrl}/embeddings}; the vectors come back in input order whatever
     * order the server listed them in. Blocks up to {@code timeout}.
     */
    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, Deployment deployment, Duration timeout) {
        CompatProfile profile = CompatProfile.of(deployment.provider());
        ObjectNode body = Json.object();
        body.put("model", deployment.model());
        ArrayNode input = body.putArray("input");
        request.input().forEach(input::add);
        if (request.dimensions() != null) {
            body.put(profile.dimensionsField(), request.dimensions());
        }
        if (request.user() != null && profile.sendsUser()) {
            body.put("user", request.user());
        }
        RequestWriter.mergeExtra(body, request.extraBody());
        long start = System.nanoTime();
        JsonNode answer = transport
                .postJson(
                        deployment.provider(),
                        deployment.resolve("/embeddings"),
                        headers(deployment, Map.of()),
                        body,
                        timeout)
                .json(deployment.provider());
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        List<float[]> vectors = vectors(answer, request.input().size(), deployment.provider());
        String model = Json.text(answer, "model");
        return new EmbeddingResponse(
                model == null ? deployment.model() : model,
                deployment.provider(),
                vectors,
                Json.intAt(answer, "/usage/prompt_tokens"),
                Cost.UNPRICED,
                latency);
    }

    private static List<float[]> vectors(JsonNode answer, int expected, String provider) {
        JsonNode data = answer.get("data");
        if (data == null || !data.isArray() || data.size() != expected) {
            throw new MalformedResponseException(
                    provider + " sent " + (data == null || !data.isArray() ? "no" : data.size()) + " embeddings for "
                            + expected + " inputs: " + Json.abbreviate(answer.toString()));
        }
        float[][] ordered = new float[expected][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.has("index") ? item.get("index").asInt() : i;
            if (index < 0 || index >= expected || ordered[index] != null) {
                throw new MalformedResponseException(
                        provider + " sent an embedding with index " + index + " for " + expected + " inputs");
            }
            ordered[index] = vector(item.get("embedding"), provider);
        }
        return List.of(ordered);
    }

    private static float[] vector(JsonNode embedding, String provider) {
        if (embedding != null && embedding.isArray()) {
            float[] vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            return vector;
        }
        if (embedding != null && embedding.isTextual()) {
            // encoding_format: base64 (asked through extraBody) packs little-endian float32s
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] vector = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(vector);
            return vector;
        }
        throw new MalformedResponseException(provider + " sent an embedding that is neither a list of numbers nor "
                + "base64: " + Json.abbreviate(String.valueOf(embedding)));
    }

    private URI chatUri(Deployment d) {
        URI known = chatUris.get(d.baseUrl());
        if (known != null) {
            return known;
        }
        if (chatUris.size() >= MAX_CACHED_URIS) {
            chatUris.clear();
        }
        URI uri = d.resolve("/chat/completions");
        chatUris.put(d.baseUrl(), uri);
        return uri;
    }

    private static Map<String, String> headers(ProviderCall call) {
        return headers(call.deployment(), call.request().extraHeaders());
    }

    private static Map<String, String> headers(Deployment d, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (d.apiKey() != null && !d.apiKey().isBlank()) {
            headers.put("Authorization", "Bearer " + d.apiKey());
        }
        headers.putAll(d.headers());
        headers.putAll(extra);
        return headers;
    }
}
