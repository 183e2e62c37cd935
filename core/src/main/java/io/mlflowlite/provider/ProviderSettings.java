package io.mlflowlite.provider;

import java.util.Map;

/**
 * Configuration for one provider, overriding its profile's environment variables: a key, a base URL,
 * headers added to every request. A new name with a wire format defines a new OpenAI-compatible (or other)
 * provider, such as an internal vLLM cluster.
 *
 * @param name    the provider name ({@code openai}, or a new one such as {@code inhouse})
 * @param wire    the wire format for a new provider; null to keep the built-in profile's
 * @param apiKey  the key, or null to read the profile's environment variables
 * @param baseUrl the base URL, or null for the environment variable or the profile's default
 * @param headers extra headers for every request to this provider
 */
public record ProviderSettings(String name, String wire, String apiKey, String baseUrl, Map<String, String> headers) {
    public ProviderSettings {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Settings for {@code name} with a key. */
    public static ProviderSettings withKey(String name, String apiKey) {
        return new ProviderSettings(name, null, apiKey, null, Map.of());
    }

    /** Settings for {@code name} at {@code baseUrl}, with an optional key. */
    public static ProviderSettings at(String name, String baseUrl, String apiKey) {
        return new ProviderSettings(name, null, apiKey, baseUrl, Map.of());
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", baseUrl=" + baseUrl + (apiKey == null ? "" : ", key=****") + "]";
    }
}
