package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a {@code model.config} block to a {@link ModelConfig}. Accepts MLflow's per-provider keys
 * ({@code openai_api_key}, {@code openai_api_base}, {@code openai_organization}, {@code anthropic_api_key},
 * {@code anthropic_version}, {@code gemini_api_key}, {@code mistral_api_key}, {@code togetherai_api_key} …),
 * the same pattern for every other provider ({@code <provider>_api_key}, {@code <provider>_api_base}), and
 * the generic {@code api_key}, {@code api_base} / {@code base_url} and {@code headers}. Stateless.
 */
final class ProviderKeys {
    private static final List<String> GENERIC = List.of("api_key", "api_base", "base_url", "headers");
    private static final List<String> OPENAI = List.of(
            "openai_organization", "openai_project", "openai_api_type", "openai_api_version", "openai_deployment_name");

    private ProviderKeys() {}

    /**
     * Reads {@code config} for a model of {@code provider} as the file names it ({@code fileProvider}, e.g.
     * MLflow's {@code togetherai} for mlflowlite's {@code together}). {@code knownProvider} is false when the
     * provider itself is wrong, which is reported elsewhere, so keys are then not judged.
     */
    static ModelConfig read(
            TreeReader r, ObjectNode config, String path, String fileProvider, String provider, boolean knownProvider) {
        // no provider named (reported elsewhere): only the generic keys can be read
        List<String> names = java.util.stream.Stream.of(fileProvider, provider)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        List<String> allowed = new ArrayList<>();
        for (String name : names) {
            allowed.add(name + "_api_key");
            allowed.add(name + "_api_base");
        }
        allowed.addAll(GENERIC);
        if ("openai".equals(provider)) {
            allowed.addAll(OPENAI);
        } else if ("anthropic".equals(provider)) {
            allowed.add("anthropic_version");
        }
        if (knownProvider) {
            r.onlyKeys(config, path, allowed, "for provider " + provider);
        }
        String apiKey = first(r, config, path, names, "_api_key", "api_key");
        String baseUrl = first(r, config, path, names, "_api_base", "api_base");
        if (baseUrl == null) {
            baseUrl = r.text(config, "base_url", path, false);
        }
        Map<String, String> headers = new LinkedHashMap<>(r.textMap(config, "headers", path));
        if ("openai".equals(provider)) {
            openAi(r, config, path, headers);
        } else if ("anthropic".equals(provider)) {
            String version = r.text(config, "anthropic_version", path, false);
            if (version != null) {
                headers.put("anthropic-version", version);
            }
        }
        return new ModelConfig(apiKey, baseUrl, headers);
    }

    private static String first(
            TreeReader r, ObjectNode config, String path, List<String> names, String suffix, String generic) {
        for (String name : names) {
            String value = r.text(config, name + suffix, path, false);
            if (value != null) {
                return value;
            }
        }
        return r.text(config, generic, path, false);
    }

    private static void openAi(TreeReader r, ObjectNode config, String path, Map<String, String> headers) {
        String organization = r.text(config, "openai_organization", path, false);
        if (organization != null) {
            headers.put("OpenAI-Organization", organization);
        }
        String project = r.text(config, "openai_project", path, false);
        if (project != null) {
            headers.put("OpenAI-Project", project);
        }
        String type = r.text(config, "openai_api_type", path, false);
        if (type != null && !type.toLowerCase(Locale.ROOT).equals("openai")) {
            r.problem(
                    TreeReader.at(path, "openai_api_type"),
                    "'" + type + "' is not supported yet: mlflowlite "
                            + "calls OpenAI's own API (openai_api_type: openai); Azure OpenAI deployments are not supported");
        }
        for (String azureOnly : List.of("openai_api_version", "openai_deployment_name")) {
            if (config.has(azureOnly)) {
                r.problem(TreeReader.at(path, azureOnly), "only used with Azure OpenAI, which is not supported yet");
            }
        }
    }
}
