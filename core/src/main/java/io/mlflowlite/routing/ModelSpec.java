package io.mlflowlite.routing;

/**
 * The model behind an endpoint (or a fallback): MLflow's {@code model: {provider, name, config}}.
 * Immutable.
 *
 * @param provider a provider mlflowlite knows ({@code openai}, {@code anthropic}, {@code gemini},
 *                 {@code mistral}, {@code ollama}, {@code mock} …) or one configured on the gateway
 * @param name     the model: a catalog name or the provider's own model id ({@code gpt-4o}, {@code echo})
 * @param config   key, base URL and headers; {@link ModelConfig#NONE} when the file sets none
 */
public record ModelSpec(String provider, String name, ModelConfig config) {
    public ModelSpec {
        config = config == null ? ModelConfig.NONE : config;
    }

    /** {@code provider}'s model {@code name}, reached with the gateway's settings for that provider. */
    public static ModelSpec of(String provider, String name) {
        return new ModelSpec(provider, name, ModelConfig.NONE);
    }

    /** The same model reached with {@code otherConfig}. */
    public ModelSpec withConfig(ModelConfig otherConfig) {
        return new ModelSpec(provider, name, otherConfig);
    }

    /** {@code provider/name}, how calls and traces name this model. */
    public String key() {
        return provider + "/" + name;
    }
}
