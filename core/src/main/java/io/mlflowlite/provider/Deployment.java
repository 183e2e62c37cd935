package io.mlflowlite.provider;

import java.net.URI;
import java.util.Map;

/**
 * One concrete place a model name resolves to: a provider, its upstream model id, its endpoint and key.
 * Retries, circuit breakers and prices are kept per deployment.
 *
 * @param name     the name it was resolved from ({@code gpt-4o}, {@code anthropic/claude-sonnet-4-5})
 * @param provider the provider profile ({@code openai}, {@code mistral}, {@code ollama} …)
 * @param wire     the wire format its adapter speaks ({@code openai}, {@code anthropic}, {@code gemini}, {@code mock})
 * @param model    the model id sent upstream
 * @param baseUrl  the API base URL (such as {@code https://api.openai.com/v1})
 * @param apiKey   the key, or null where none is needed; never printed
 * @param headers  extra headers the profile or configuration adds to every request
 * @param priceKey the price table entry for this model, or null to look it up by {@code provider/model}
 */
public record Deployment(
        String name,
        String provider,
        String wire,
        String model,
        URI baseUrl,
        String apiKey,
        Map<String, String> headers,
        String priceKey) {

    public Deployment {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** {@code provider/model}, the key circuit breakers and prices use. */
    public String key() {
        return provider + "/" + model;
    }

    /** The base URL joined with {@code path} (which starts with {@code /}). */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    @Override
    public String toString() {
        return "Deployment[" + key() + " at " + baseUrl + (apiKey == null ? "" : ", key=****") + "]";
    }
}
