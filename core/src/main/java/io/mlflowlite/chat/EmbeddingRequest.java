package io.mlflowlite.chat;

import java.util.List;
import java.util.Map;

/**
 * Texts to embed with {@code model}.
 *
 * @param dimensions output dimensions where the model supports shortening; null for the default
 * @param extraBody  fields merged into the provider request as-is
 */
public record EmbeddingRequest(
        String model, List<String> input, Integer dimensions, String user, Map<String, Object> extraBody) {
    public EmbeddingRequest {
        input = List.copyOf(input);
        extraBody = extraBody == null ? Map.of() : Map.copyOf(extraBody);
    }

    public static EmbeddingRequest of(String model, List<String> input) {
        return new EmbeddingRequest(model, input, null, null, Map.of());
    }
}
