package io.mlflowlite.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model mlflowlite knows by name.
 *
 * @param name            what callers write ({@code gpt-4o}, {@code claude-sonnet-4-5}, {@code mock/mini})
 * @param provider        the provider profile serving it
 * @param model           the upstream model id sent to the provider
 * @param kind            {@code chat} or {@code embedding}
 * @param contextWindow   input + output tokens the model accepts
 * @param maxOutputTokens the most output tokens it produces (0 for embedding models)
 * @param capabilities    {@code tools, vision, json_schema, streaming, n, reasoning, prompt_caching, embeddings}
 * @param aliases         other names for it (Anthropic's dated ids, {@code -latest} names)
 * @param note            a remark shown by {@code mlflowlite models} (simulated, legacy …), or null
 */
public record CatalogEntry(
        String name,
        String provider,
        String model,
        String kind,
        int contextWindow,
        int maxOutputTokens,
        Set<String> capabilities,
        List<String> aliases,
        String note) {

    public CatalogEntry {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** {@code provider/model}: the price table key and the circuit breaker key. */
    public String key() {
        return provider + "/" + model;
    }

    public boolean supports(String capability) {
        return capabilities.contains(capability);
    }

    public Optional<String> noteIfPresent() {
        return Optional.ofNullable(note);
    }
}
