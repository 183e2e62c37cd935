package io.mlflowlite.routing;

import java.util.Map;

/**
 * How an endpoint reaches its model: the values of MLflow's {@code model.config} block. A null field falls
 * back to the gateway's settings for that provider and then to the environment ({@code OPENAI_API_KEY} …),
 * exactly as for a plain {@code provider/model} call. Immutable.
 *
 * @param apiKey  the API key, or null; never printed
 * @param baseUrl the API base URL ({@code https://api.openai.com/v1}), or null
 * @param headers extra headers sent with every request to this model (added to the provider's)
 */
public record ModelConfig(String apiKey, String baseUrl, Map<String, String> headers) {
    /** Nothing configured: everything comes from the gateway's settings and the environment. */
    public static final ModelConfig NONE = new ModelConfig(null, null, Map.of());

    public ModelConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A config with only a key. */
    public static ModelConfig withKey(String apiKey) {
        return new ModelConfig(apiKey, null, Map.of());
    }

    /** A config with a base URL and an optional key. */
    public static ModelConfig at(String baseUrl, String apiKey) {
        return new ModelConfig(apiKey, baseUrl, Map.of());
    }

    /** Whether anything is set. */
    public boolean isEmpty() {
        return apiKey == null && baseUrl == null && headers.isEmpty();
    }

    @Override
    public String toString() {
        return "ModelConfig[baseUrl=" + baseUrl + (apiKey == null ? "" : ", key=****")
                + (headers.isEmpty() ? "" : ", headers=" + headers.keySet()) + "]";
    }
}
