package io.mlflowlite.pipeline;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.cost.TokenEstimator;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import java.util.Map;

/**
 * The last step of an attempt: hands the request to the adapter of the deployment's wire format and prices
 * the answer from the usage the provider reported (or, when it reported none, from a local token estimate
 * flagged {@code estimated}). Thread-safe.
 */
public final class ProviderInvoker {
    private final Map<String, Provider> providersByWire;
    private final PriceTable prices;
    private final TokenEstimator estimator;

    public ProviderInvoker(Map<String, Provider> providersByWire, PriceTable prices, TokenEstimator estimator) {
        this.providersByWire = Map.copyOf(providersByWire);
        this.prices = prices;
        this.estimator = estimator;
    }

    /** One non-streaming attempt, priced. */
    public ChatResponse chat(ChatRequest request, Deployment deployment, CallContext context) {
        ChatResponse response = provider(deployment).chat(call(request, deployment, context));
        return price(request, deployment, response);
    }

    /** Opens one streaming attempt; price the accumulated response with {@link #price} at its end. */
    public ChunkSource stream(ChatRequest request, Deployment deployment, CallContext context) {
        return provider(deployment).stream(call(request, deployment, context));
    }

    /** Adds usage (estimated when the provider reported none) and its cost to {@code response}. */
    public ChatResponse price(ChatRequest request, Deployment deployment, ChatResponse response) {
        Usage usage = response.usage();
        // usage the provider reported as exactly 0 stays 0; only a response without any is estimated
        if (!response.usageReported()) {
            usage = estimator.estimate(request, deployment.model(), response.content());
        }
        String priceKey = deployment.priceKey() != null ? deployment.priceKey() : deployment.key();
        Cost cost = prices.cost(priceKey, usage);
        return response.toBuilder()
                .usage(usage)
                .cost(cost)
                .provider(deployment.provider())
                .build();
    }

    private Provider provider(Deployment deployment) {
        Provider provider = providersByWire.get(deployment.wire());
        if (provider == null) {
            throw new ConfigurationException(
                    "No adapter for wire format '" + deployment.wire() + "' (provider " + deployment.provider() + ")");
        }
        return provider;
    }

    private static ProviderCall call(ChatRequest request, Deployment deployment, CallContext context) {
        return new ProviderCall(request, deployment, context.attemptTimeout(), context.deadline());
    }
}
