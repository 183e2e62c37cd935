package io.mlflowlite.gateway;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.json.Json;
import io.mlflowlite.pipeline.CallContext;
import io.mlflowlite.pipeline.RetryAndFallback;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.Map;

/**
 * One embeddings call: retried and circuit-broken like a chat attempt (the gateway's {@link RetryAndFallback}
 * policy), priced, and traced as an EMBEDDING span (a root trace, or a child of the caller's span) with
 * {@code gen_ai.*} and {@code mlflow.*} attributes. Embeddings have no fallbacks: another model's vectors
 * live in another space, so falling back would silently mix them.
 */
final class EmbeddingCall {
    private EmbeddingCall() {}

    /** Runs {@code request} on {@code deployment}. Blocks while attempts run and while it backs off. */
    static EmbeddingResponse run(
            EmbeddingRequest request,
            Deployment deployment,
            Provider provider,
            CallContext context,
            RetryAndFallback retries,
            PriceTable prices,
            Tracing tracing) {
        ActiveSpan span =
                tracing.enabled() ? Tracer.start(tracing, "embed " + deployment.key(), SpanType.EMBEDDING) : null;
        long started = context.time().nanoTime();
        try {
            if (span != null) {
                span.setInputs(Map.of("model", request.model(), "input", request.input()));
                span.setAttribute("mlflow.llm.model", deployment.key());
                span.setAttribute("gen_ai.operation.name", "embeddings");
                span.setAttribute("gen_ai.request.model", request.model());
                span.setAttribute("gen_ai.provider.name", deployment.provider());
            }
            EmbeddingResponse response = retries.withRetries(
                    deployment, context, () -> provider.embed(request, deployment, context.attemptTimeout()));
            String priceKey = deployment.priceKey() != null ? deployment.priceKey() : deployment.key();
            Cost cost = prices.cost(priceKey, Usage.of(response.promptTokens(), 0));
            EmbeddingResponse priced =
                    response.withCost(cost, Duration.ofNanos(context.time().nanoTime() - started));
            if (span != null) {
                int dimensions =
                        priced.vectors().isEmpty() ? 0 : priced.vectors().get(0).length;
                // the vectors themselves are not worth storing: their count and size say what came back
                span.setOutputs(Map.of("vectors", priced.vectors().size(), "dimensions", dimensions));
                span.setAttribute("gen_ai.response.model", priced.model());
                span.setAttribute("gen_ai.usage.input_tokens", (long) priced.promptTokens());
                span.setAttribute(
                        "mlflow.chat.tokenUsage",
                        Json.object()
                                .put("input_tokens", priced.promptTokens())
                                .put("output_tokens", 0)
                                .put("total_tokens", priced.promptTokens()));
                span.setAttribute(
                        "mlflow.llm.cost",
                        Json.object()
                                .put("input_cost", cost.total())
                                .put("output_cost", 0)
                                .put("total_cost", cost.total()));
                span.setAttribute(
                        "mlflowlite.attempts", (long) context.attempts().size());
                span.addUsageToTrace(priced.promptTokens(), 0, cost.total(), deployment.key());
            }
            return priced;
        } catch (MlflowliteException e) {
            if (span != null) {
                span.setAttribute(
                        "mlflowlite.attempts", (long) context.attempts().size());
                span.recordError(e);
            }
            throw e;
        } finally {
            if (span != null) {
                span.close();
            }
        }
    }
}
