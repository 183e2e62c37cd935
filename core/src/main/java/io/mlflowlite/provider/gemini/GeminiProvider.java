package io.mlflowlite.provider.gemini;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gemini} wire format: Google's Gemini API ({@code generativelanguage.googleapis.com/v1beta}),
 * {@code models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse} and
 * {@code :batchEmbedContents}, answered in OpenAI's shapes.
 *
 * <p>The key goes in the {@code x-goog-api-key} header, never in the URL, so it stays out of access logs and
 * exception messages. Deployment headers, then the request's extra headers, are added after it; the
 * request's {@code extraBody} is merged into the top level of the body (objects merged key by key, extra
 * winning). See {@link io.mlflowlite.provider.gemini the package} for how each field is mapped.
 *
 * <p>Stateless and thread-safe: one instance serves every Gemini deployment. Never retries; every wait is
 * bounded by {@link ProviderCall#waitBudget()}.
 */
public final class GeminiProvider implements Provider {
    /** Where requests go when a deployment names no base URL. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com/v1beta");

    private final HttpTransport transport;

    /** An adapter sending its requests through {@code transport}. */
    public GeminiProvider(HttpTransport transport) {
        this.transport = transport;
    }

    /** Always {@code gemini}. */
    @Override
    public String wire() {
        return "gemini";
    }

    /**
     * POSTs {@code generateContent} and returns its answer as a {@code chat.completion}; blocks up to the call's
     * wait budget. A prompt Gemini blocks comes back as one empty choice with finish reason
     * {@code content_filter} (see the package documentation).
     */
    @Override
    public ChatResponse chat(ProviderCall call) {
        Deployment deployment = call.deployment();
        JsonNode body = transport
                .postJson(
                        deployment.provider(),
                        uri(deployment, ":generateContent"),
                        headers(call),
                        GeminiRequests.generateContentBody(call.request()),
                        call.waitBudget())
                .json(deployment.provider());
        return GeminiResponses.chatResponse(body, deployment);
    }

    /**
     * POSTs {@code streamGenerateContent?alt=sse} and returns once Gemini answered with 2xx headers (errors
     * before that are thrown here). The source's {@code next()} waits at most the wait budget per event and
     * throws {@link MalformedResponseException} if the body ends before any candidate finished.
     */
    @Override
    public ChunkSource stream(ProviderCall call) {
        Deployment deployment = call.deployment();
        SseConnection connection = transport.postSse(
                deployment.provider(),
                uri(deployment, ":streamGenerateContent?alt=sse"),
                headers(call),
                GeminiRequests.generateContentBody(call.request()),
                call.waitBudget());
        return new GeminiChunkSource(connection, call);
    }

    /**
     * POSTs {@code batchEmbedContents} for {@code deployment.model()} and returns one vector per input, in
     * input order. Gemini reports no token count for embeddings, so {@code promptTokens} is 0. Blocks up to
     * {@code timeout}.
     */
    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, Deployment deployment, Duration timeout) {
        String model = modelId(deployment);
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (String text : request.input()) {
            ObjectNode entry = requests.addObject();
            entry.put("model", "models/" + model);
            entry.putObject("content").putArray("parts").addObject().put("text", text);
            if (request.dimensions() != null) {
                entry.put("outputDimensionality", request.dimensions());
            }
        }
        GeminiRequests.mergeExtra(body, Json.tree(request.extraBody()));
        Map<String, String> headers = baseHeaders(deployment);
        JsonNode answer = transport
                .postJson(deployment.provider(), uri(deployment, ":batchEmbedContents"), headers, body, timeout)
                .json(deployment.provider());
        JsonNode embeddings = answer.path("embeddings");
        if (embeddings.size() != request.input().size()) {
            throw new MalformedResponseException(deployment.provider() + " returned " + embeddings.size()
                    + " embeddings for " + request.input().size() + " inputs");
        }
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode embedding : embeddings) {
            JsonNode values = embedding.path("values");
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            vectors.add(vector);
        }
        return new EmbeddingResponse(model, deployment.provider(), vectors, 0, Cost.UNPRICED, Duration.ZERO);
    }

    private static URI uri(Deployment deployment, String method) {
        String base = (deployment.baseUrl() == null ? DEFAULT_BASE_URL : deployment.baseUrl()).toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(base + "/models/" + modelId(deployment) + method);
    }

    /** The bare model id: Gemini's resource name {@code models/x} is accepted too. */
    private static String modelId(Deployment deployment) {
        String model = deployment.model();
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    private static Map<String, String> headers(ProviderCall call) {
        Map<String, String> headers = baseHeaders(call.deployment());
        headers.putAll(call.request().extraHeaders());
        return headers;
    }

    private static Map<String, String> baseHeaders(Deployment deployment) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (deployment.apiKey() != null && !deployment.apiKey().isEmpty()) {
            headers.put("x-goog-api-key", deployment.apiKey());
        }
        headers.putAll(deployment.headers());
        return headers;
    }
}
