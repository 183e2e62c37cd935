package io.mlflowlite.provider;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.UnknownModelException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a model name into a {@link Deployment}: catalog names ({@code gpt-4o}), {@code provider/model}
 * (catalog or pass-through, e.g. {@code ollama/llama3.2}), keys and base URLs from settings or the
 * environment. Fails before any network call with an error that says how to fix it. Immutable, thread-safe.
 */
public final class ModelResolver {
    private final ModelCatalog catalog;
    private final Map<String, ProviderProfile> profiles;
    private final Map<String, ProviderSettings> settings;
    private final Map<String, String> env;

    public ModelResolver(ModelCatalog catalog, List<ProviderSettings> settings, Map<String, String> env) {
        this(catalog, settings, env, List.of());
    }

    /**
     * A resolver that also knows {@code pluginProfiles} (the providers of {@link ProviderPlugin}s), after the
     * built-in ones and before providers defined by {@code settings}.
     */
    public ModelResolver(
            ModelCatalog catalog,
            List<ProviderSettings> settings,
            Map<String, String> env,
            List<ProviderProfile> pluginProfiles) {
        this.catalog = catalog;
        this.env = Map.copyOf(env);
        Map<String, ProviderProfile> all = new LinkedHashMap<>();
        ProviderProfile.BUILTIN.forEach(p -> all.put(p.name(), p));
        pluginProfiles.forEach(p -> all.putIfAbsent(p.name(), p));
        Map<String, ProviderSettings> byName = new LinkedHashMap<>();
        for (ProviderSettings s : settings) {
            byName.put(s.name(), s);
            if (!all.containsKey(s.name())) {
                if (s.wire() == null) {
                    throw new ConfigurationException("Provider '" + s.name() + "' is not built in: give its wire "
                            + "format (openai, anthropic, gemini) and base URL");
                }
                all.put(s.name(), new ProviderProfile(s.name(), s.wire(), s.baseUrl(), List.of(), List.of(), false));
            }
        }
        this.profiles = Collections.unmodifiableMap(all);
        this.settings = Map.copyOf(byName);
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** Resolves {@code model}; throws {@link UnknownModelException} or {@link ConfigurationException}. */
    public Deployment resolve(String model) {
        if (model == null || model.isBlank()) {
            throw new InvalidRequestException(
                    "model is required: name a model such as mock/mini, gpt-4o or " + "anthropic/claude-sonnet-4-5",
                    "model");
        }
        String name = model.strip();
        Optional<CatalogEntry> entry = catalog.find(name);
        if (entry.isPresent()) {
            return deploy(
                    name,
                    entry.get().provider(),
                    entry.get().model(),
                    entry.get().key());
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            String provider = name.substring(0, slash);
            String upstream = name.substring(slash + 1);
            if (!profiles.containsKey(provider)) {
                throw new UnknownModelException(
                        name,
                        closeProviders(provider),
                        "Unknown provider '" + provider + "'; known providers: " + String.join(", ", profiles.keySet())
                                + ".");
            }
            if (upstream.isBlank()) {
                throw new InvalidRequestException("Model '" + name + "' names no model after the provider", "model");
            }
            if ("mock".equals(provider)) {
                throw new UnknownModelException(
                        name,
                        catalog.closeMatches(name, 5),
                        "Simulated models: " + String.join(", ", mockNames()) + ".");
            }
            // not in the catalog: pass it through, the provider decides (new models work on day one)
            return deploy(name, provider, upstream, null);
        }
        throw new UnknownModelException(
                name,
                catalog.closeMatches(name, 5),
                "For a model not in the catalog write provider/model, e.g. openai/" + name + ".");
    }

    private List<String> closeProviders(String provider) {
        return ModelCatalog.closest(provider, List.copyOf(profiles.keySet()), 3);
    }

    private List<String> mockNames() {
        return catalog.entries().stream()
                .filter(e -> e.provider().equals("mock"))
                .map(CatalogEntry::name)
                .toList();
    }

    private Deployment deploy(String name, String provider, String upstream, String priceKey) {
        ProviderProfile profile = profiles.get(provider);
        if (profile == null) {
            throw new ConfigurationException(
                    "Catalog entry '" + name + "' names provider '" + provider + "', which is not configured");
        }
        ProviderSettings configured = settings.get(provider);
        String key = configured != null && configured.apiKey() != null
                ? configured.apiKey()
                : profile.keyFrom(env).orElse(null);
        if (key == null && profile.keyRequired()) {
            throw new ConfigurationException("No API key for " + provider + " (model " + name + "): set "
                    + String.join(" or ", profile.keyEnv()) + " in the environment, or configure the provider's key");
        }
        String baseUrl = configured != null && configured.baseUrl() != null
                ? configured.baseUrl()
                : profile.baseUrlFrom(env).orElse(profile.defaultBaseUrl());
        if (baseUrl == null) {
            throw new ConfigurationException("No base URL for " + provider + " (model " + name + "): set "
                    + String.join(" or ", profile.baseUrlEnv()) + ", e.g. http://localhost:8000/v1");
        }
        Map<String, String> headers = configured == null ? Map.of() : configured.headers();
        return new Deployment(
                name, provider, profile.wire(), upstream, baseUrl(profile, baseUrl), key, headers, priceKey);
    }

    /** Accepts base URLs the way users write them in each SDK's environment variable. */
    private static URI baseUrl(ProviderProfile profile, String raw) {
        String url = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        if (!url.contains("://")) {
            url = "http://" + url; // OLLAMA_HOST is often host:port
        }
        // the Anthropic SDK's ANTHROPIC_BASE_URL and Ollama's OLLAMA_HOST omit the version path
        if (profile.name().equals("anthropic") && !url.endsWith("/v1")) {
            url = url + "/v1";
        } else if (profile.name().equals("ollama") && !url.endsWith("/v1")) {
            url = url + "/v1";
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null && !"mock".equals(uri.getScheme())) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "Invalid base URL for " + profile.name() + ": '" + raw + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code provider} could serve calls now, and if not, why. */
    public Availability availability(String provider) {
        ProviderProfile profile = profiles.get(provider);
        if (profile == null) {
            return new Availability(false, "unknown provider");
        }
        ProviderSettings configured = settings.get(provider);
        boolean hasKey = (configured != null && configured.apiKey() != null)
                || profile.keyFrom(env).isPresent();
        boolean hasUrl = (configured != null && configured.baseUrl() != null)
                || profile.baseUrlFrom(env).isPresent();
        if (profile.keyRequired() && !hasKey) {
            return new Availability(false, "set " + String.join(" or ", profile.keyEnv()));
        }
        if (profile.defaultBaseUrl() == null && !hasUrl) {
            return new Availability(false, "set " + String.join(" or ", profile.baseUrlEnv()));
        }
        if ("mock".equals(profile.wire())) {
            return new Availability(true, "simulated, offline");
        }
        if (!hasUrl && !profile.defaultBaseUrl().startsWith("http")) {
            return new Availability(true, "in-process, offline"); // a plugin's provider, e.g. local://in-process
        }
        if (!profile.keyRequired() && !hasUrl) {
            return new Availability(true, "local server expected at " + profile.defaultBaseUrl() + " (not probed)");
        }
        return new Availability(true, "configured");
    }

    /** Names of every provider profile, built in and configured. */
    public List<String> providers() {
        return List.copyOf(profiles.keySet());
    }

    /** Whether a provider can be used, and the reason shown to the user. */
    public record Availability(boolean available, String reason) {}
}
