package io.mlflowlite.gateway;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.ModelPrice;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.cost.TokenEstimator;
import io.mlflowlite.provider.Deployment;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The most a chat request can cost on the deployments that may serve it: what a budget holds while the call runs
 * ({@link io.mlflowlite.limits.Limiter}). For each deployment with a price: the request's prompt (messages and
 * tools, by the local tokenizer for that model) at the input price, plus {@code max_tokens} — or, when the request
 * sets none, the model's most output tokens from the catalog, else {@value #DEFAULT_MAX_OUTPUT_TOKENS} — times
 * {@code n} at the output price (or at the reasoning price, where that is billed apart and higher); the highest of
 * them. A deployment without a price costs nothing, as its calls do.
 *
 * <p>A call can still cost more than this: when the provider counts more prompt tokens than the local tokenizer,
 * when a request without {@code max_tokens} gets more output than the cap used, or for what is billed apart from
 * tokens (server-tool requests). Stateless; no I/O.
 */
final class WorstCaseCost {
    /** The output tokens assumed for a request without {@code max_tokens} on a model the catalog does not know. */
    static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    private WorstCaseCost() {}

    /** The worst case of {@code request} over {@code deployments}; zero when none of them is priced. */
    static BigDecimal of(ChatRequest request, List<Deployment> deployments, PriceTable prices, ModelCatalog catalog) {
        BigDecimal worst = BigDecimal.ZERO;
        TokenEstimator tokens = TokenEstimator.shared();
        for (Deployment d : deployments) {
            String key = d.priceKey() != null ? d.priceKey() : d.key();
            Optional<ModelPrice> price = prices.find(key);
            if (price.isEmpty()) {
                continue;
            }
            int prompt = tokens.countMessages(request.messages(), key)
                    + (request.tools().isEmpty() ? 0 : tokens.countTools(request.tools(), key));
            int perChoice = request.maxTokens() != null
                    ? request.maxTokens()
                    : catalog.find(d.key())
                            .map(CatalogEntry::maxOutputTokens)
                            .filter(max -> max > 0)
                            .orElse(DEFAULT_MAX_OUTPUT_TOKENS);
            long output = (long) perChoice * Math.max(1, request.n() == null ? 1 : request.n());
            int out = (int) Math.min(Integer.MAX_VALUE - (long) prompt, output);
            BigDecimal asOutput = price.get().cost(Usage.of(prompt, out)).total();
            BigDecimal asReasoning = price.get()
                    .cost(new Usage(prompt, out, prompt + out, 0, 0, out, false))
                    .total();
            worst = worst.max(asOutput).max(asReasoning);
        }
        return worst;
    }
}
