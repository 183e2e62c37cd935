package io.mlflowlite.embed;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderPlugin;
import io.mlflowlite.provider.ProviderProfile;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Contributes the in-process {@code local} provider to every {@link io.mlflowlite.gateway.Gateway} built while this
 * module is on the classpath (found with {@link java.util.ServiceLoader}):
 * <ul>
 *   <li>{@code local/all-minilm-l6-v2}: embeddings from the real all-MiniLM-L6-v2 model (384 dimensions),
 *       offline, for {@code Gateway.embedding} and the server's {@code POST /v1/embeddings};</li>
 *   <li>{@code local/judge}: the offline judge, a chat model that answers mlflowlite's judge prompts
 *       ({@link io.mlflowlite.eval.JudgePrompt}) from embedding similarity and simple checks, so evaluation runs
 *       with no key. Every rationale starts with "Offline judge (all-MiniLM-L6-v2 similarity): ".</li>
 * </ul>
 * Both are free (price 0, source {@code local}) and need no key or network. Constructing this plugin loads
 * nothing; the model loads on the first call. Thread-safe.
 */
public final class LocalProviderPlugin implements ProviderPlugin {
    /** The provider name, the prefix of {@code local/…} model names. */
    public static final String PROVIDER = "local";

    private static final String PRICES = """
            {"version": "local-1", "currency": "USD", "unit": "per 1M tokens", "models": {
              "local/all-minilm-l6-v2": {"input": "0", "effective": "2026-01-01", "source": "local",
                "note": "runs in this process on the bundled all-MiniLM-L6-v2 model: free"},
              "local/judge": {"input": "0", "output": "0", "effective": "2026-01-01", "source": "local",
                "note": "offline judge running in this process: free"}}}
            """;

    /** Called by {@link java.util.ServiceLoader}; loads nothing. */
    public LocalProviderPlugin() {}

    @Override
    public ProviderProfile profile() {
        return new ProviderProfile(PROVIDER, LocalProvider.WIRE, "local://in-process", List.of(), List.of(), false);
    }

    @Override
    public Provider adapter() {
        return new LocalProvider(MiniLmEmbedder.shared());
    }

    @Override
    public List<CatalogEntry> models() {
        return List.of(
                new CatalogEntry(
                        "local/" + LocalProvider.EMBEDDING_MODEL,
                        PROVIDER,
                        LocalProvider.EMBEDDING_MODEL,
                        "embedding",
                        256,
                        0,
                        Set.of("embeddings"),
                        List.of(),
                        "all-MiniLM-L6-v2 in this process (384 dimensions); offline, free"),
                new CatalogEntry(
                        "local/" + LocalProvider.JUDGE_MODEL,
                        PROVIDER,
                        LocalProvider.JUDGE_MODEL,
                        "chat",
                        0,
                        0,
                        Set.of("streaming"),
                        List.of(),
                        "offline judge: answers judge prompts from all-MiniLM-L6-v2 similarity and simple checks"));
    }

    @Override
    public Optional<PriceTable> prices() {
        return Optional.of(PriceTable.parse(PRICES, "mlflowlite-embed local prices"));
    }
}
