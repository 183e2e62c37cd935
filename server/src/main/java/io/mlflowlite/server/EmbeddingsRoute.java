package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/embeddings} in OpenAI's shape: {@code input} is a string or an array of strings,
 * {@code encoding_format} {@code float} (default) or {@code base64} (little-endian float32, what the SDKs decode),
 * optional {@code dimensions} and {@code user}; other fields pass through to the provider. Token-array inputs are
 * refused: every provider behind the gateway takes text.
 */
final class EmbeddingsRoute implements Route.Handler {
    static final String PATH = "/v1/embeddings";
    private static final Set<String> KNOWN = Set.of("model", "input", "encoding_format", "dimensions", "user");

    private final Gateway gateway;
    private final JsonBody bodies;

    EmbeddingsRoute(Gateway gateway, JsonBody bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    @Override
    public void handle(Exchange exchange, RequestScope scope) {
        serve(exchange, scope, bodies.read(exchange));
    }

    /** Answers an OpenAI embeddings request already read (MLflow's endpoint invocations reuse this). */
    void serve(Exchange exchange, RequestScope scope, JsonNode body) {
        String model = text(body, "model", true);
        List<String> input = input(body.get("input"));
        boolean base64 = base64(body.get("encoding_format"));
        Integer dimensions = dimensions(body.get("dimensions"));
        String user = text(body, "user", false);
        Map<String, Object> extra = new LinkedHashMap<>();
        body.properties().forEach(field -> {
            if (!KNOWN.contains(field.getKey())) {
                extra.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class));
            }
        });
        scope.admit(model);
        scope.callStarted("embeddings");
        EmbeddingResponse response = gateway.embedding(new EmbeddingRequest(model, input, dimensions, user, extra));
        scope.callSucceeded(
                response.provider(),
                io.mlflowlite.chat.Usage.of(response.promptTokens(), 0),
                response.cost(),
                response.latency() == null ? 0 : response.latency().toNanos());
        ResponseHeaders.embedding(exchange, response);
        exchange.send(200, "application/json", json(response, base64).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode json(EmbeddingResponse response, boolean base64) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < response.vectors().size(); i++) {
            float[] vector = response.vectors().get(i);
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                ByteBuffer bytes =
                        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(vector);
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
        }
        root.put("model", response.model());
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", response.promptTokens());
        usage.put("total_tokens", response.promptTokens());
        return root;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ApiException(ApiError.invalidRequest(field + " is required.", field));
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiException(ApiError.invalidRequest(field + " must be a string.", field));
        }
        return value.asText();
    }

    /**
     * The most inputs one request may embed: OpenAI's own limit. Each input costs a vector in memory and a share
     * of the provider call, so an unbounded array in a small body (60,000 one-character strings) could hold the
     * server for minutes and gigabytes.
     */
    static final int MAX_INPUTS = 2048;

    private static List<String> input(JsonNode input) {
        if (input == null || input.isNull()) {
            throw new ApiException(
                    ApiError.invalidRequest("input is required: a string or an array of strings.", "input"));
        }
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new ApiException(
                    ApiError.invalidRequest("input must be a string or a non-empty array of strings.", "input"));
        }
        if (input.size() > MAX_INPUTS) {
            throw new ApiException(ApiError.invalidRequest(
                    "input has " + input.size() + " items; at most " + MAX_INPUTS
                            + " can be embedded in one request: split them into batches.",
                    "input"));
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw new ApiException(ApiError.invalidRequest(
                        item.isNumber() || item.isArray()
                                ? "Token arrays are not supported: send the text itself."
                                : "input[" + i + "] must be a string.",
                        "input[" + i + "]"));
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static boolean base64(JsonNode format) {
        if (format == null || format.isNull() || "float".equals(format.asText(null))) {
            return false;
        }
        if ("base64".equals(format.asText(null)) && format.isTextual()) {
            return true;
        }
        throw new ApiException(
                ApiError.invalidRequest("encoding_format must be 'float' or 'base64'.", "encoding_format"));
    }

    private static Integer dimensions(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
            throw new ApiException(ApiError.invalidRequest("dimensions must be a positive integer.", "dimensions"));
        }
        return value.asInt();
    }
}
