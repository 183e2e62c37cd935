package io.mlflowlite.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What mlflowlite knows about a provider: its wire format, default base URL, and the environment variables
 * users already set for its key and base URL. Mistral, Ollama, vLLM, LM Studio and other OpenAI-compatible
 * servers are the {@code openai} wire format plus a profile.
 *
 * @param name           the prefix in {@code provider/model}
 * @param wire           the adapter that speaks to it
 * @param defaultBaseUrl used when no base URL is configured; null when one must be configured (vLLM)
 * @param keyEnv         environment variables holding the key, first found wins
 * @param baseUrlEnv     environment variables holding the base URL, first found wins
 * @param keyRequired    whether calls fail without a key (hosted APIs) or not (local servers)
 */
public record ProviderProfile(
        String name,
        String wire,
        String defaultBaseUrl,
        List<String> keyEnv,
        List<String> baseUrlEnv,
        boolean keyRequired) {

    /** The profiles mlflowlite ships. */
    public static final List<ProviderProfile> BUILTIN = List.of(
            hosted(
                    "openai",
                    "openai",
                    "https://api.openai.com/v1",
                    List.of("OPENAI_API_KEY"),
                    List.of("OPENAI_BASE_URL", "OPENAI_API_BASE")),
            hosted(
                    "anthropic",
                    "anthropic",
                    "https://api.anthropic.com/v1",
                    List.of("ANTHROPIC_API_KEY"),
                    List.of("ANTHROPIC_BASE_URL")),
            hosted(
                    "gemini",
                    "gemini",
                    "https://generativelanguage.googleapis.com/v1beta",
                    List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
                    List.of("GEMINI_BASE_URL")),
            hosted(
                    "mistral",
                    "openai",
                    "https://api.mistral.ai/v1",
                    List.of("MISTRAL_API_KEY"),
                    List.of("MISTRAL_BASE_URL")),
            hosted(
                    "deepseek",
                    "openai",
                    "https://api.deepseek.com/v1",
                    List.of("DEEPSEEK_API_KEY"),
                    List.of("DEEPSEEK_BASE_URL")),
            hosted(
                    "groq",
                    "openai",
                    "https://api.groq.com/openai/v1",
                    List.of("GROQ_API_KEY"),
                    List.of("GROQ_BASE_URL")),
            hosted(
                    "together",
                    "openai",
                    "https://api.together.xyz/v1",
                    List.of("TOGETHER_API_KEY", "TOGETHERAI_API_KEY"),
                    List.of("TOGETHER_BASE_URL")),
            hosted(
                    "openrouter",
                    "openai",
                    "https://openrouter.ai/api/v1",
                    List.of("OPENROUTER_API_KEY"),
                    List.of("OPENROUTER_BASE_URL")),
            hosted("xai", "openai", "https://api.x.ai/v1", List.of("XAI_API_KEY"), List.of("XAI_BASE_URL")),
            local(
                    "ollama",
                    "http://localhost:11434/v1",
                    List.of("OLLAMA_API_KEY"),
                    List.of("OLLAMA_BASE_URL", "OLLAMA_API_BASE", "OLLAMA_HOST")),
            local("vllm", null, List.of("VLLM_API_KEY"), List.of("VLLM_BASE_URL", "VLLM_API_BASE")),
            local(
                    "lmstudio",
                    "http://localhost:1234/v1",
                    List.of("LM_STUDIO_API_KEY"),
                    List.of("LM_STUDIO_BASE_URL", "LMSTUDIO_BASE_URL")),
            local(
                    "openai-compatible",
                    null,
                    List.of("OPENAI_COMPATIBLE_API_KEY"),
                    List.of("OPENAI_COMPATIBLE_BASE_URL")),
            new ProviderProfile("mock", "mock", "mock://simulated", List.of(), List.of(), false));

    private static ProviderProfile hosted(String name, String wire, String url, List<String> keys, List<String> urls) {
        return new ProviderProfile(name, wire, url, keys, urls, true);
    }

    private static ProviderProfile local(String name, String url, List<String> keys, List<String> urls) {
        return new ProviderProfile(name, "openai", url, keys, urls, false);
    }

    /** The built-in profile called {@code name}. */
    public static Optional<ProviderProfile> builtin(String name) {
        return BUILTIN.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** Names of the built-in profiles. */
    public static List<String> builtinNames() {
        return BUILTIN.stream().map(ProviderProfile::name).toList();
    }

    /** The first of {@code keyEnv} that is set in {@code env}. */
    public Optional<String> keyFrom(Map<String, String> env) {
        return firstSet(keyEnv, env);
    }

    /** The first of {@code baseUrlEnv} that is set in {@code env}. */
    public Optional<String> baseUrlFrom(Map<String, String> env) {
        return firstSet(baseUrlEnv, env);
    }

    private static Optional<String> firstSet(List<String> names, Map<String, String> env) {
        return names.stream()
                .map(env::get)
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .findFirst();
    }
}
