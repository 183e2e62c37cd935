package io.mlflowlite.eval;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.time.TimeSource;
import java.math.BigDecimal;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run's one way to judge models: the cache first, then the cost cap (checked before each call: calls already in
 * flight finish, so spend can pass the cap by at most {@code maxConcurrency} calls), then a concurrency permit,
 * then the pacer's slot, then {@link Gateway#completion} (so retries with backoff on 429 and fallbacks come from the
 * pipeline, with {@code judgeMaxRetries} unless the request sets its own). Sums judge tokens and dollars apart from
 * the application's. Thread-safe; calls block.
 */
final class JudgeChannel {
    private final Gateway gateway;
    private final String judgeModel;
    private final int maxRetries;
    private final BigDecimal costCap;
    private final Semaphore permits;
    private final RequestPacer pacer;
    private final JudgeCache cache = new JudgeCache();
    private final AtomicLong calls = new AtomicLong();
    private EvalUsage spent = EvalUsage.ZERO;

    JudgeChannel(
            Gateway gateway,
            String judgeModel,
            int maxRetries,
            BigDecimal costCap,
            int maxConcurrency,
            int requestsPerMinute,
            TimeSource time) {
        this.gateway = gateway;
        this.judgeModel = judgeModel;
        this.maxRetries = maxRetries;
        this.costCap = costCap;
        this.permits = new Semaphore(maxConcurrency, true);
        this.pacer = requestsPerMinute > 0 ? new RequestPacer(requestsPerMinute, time) : null;
    }

    String judgeModel() {
        return judgeModel;
    }

    /** A judge completion for {@code row} (which is charged when this call is the one made). */
    ChatResponse complete(ChatRequest request, RowAccount row) {
        ChatRequest effective = request.maxRetries() != null
                ? request
                : request.toBuilder().maxRetries(maxRetries).build();
        return cache.get(
                effective,
                () -> limited(() -> {
                    ChatResponse response =
                            JudgeModels.explainUnavailable(effective.model(), () -> gateway.completion(effective));
                    charge(
                            new EvalUsage(
                                    response.usage().promptTokens(),
                                    response.usage().completionTokens(),
                                    response.cost().total()),
                            row);
                    return response;
                }));
    }

    /** Embeddings for {@code row}, through the same cap and limits (not cached: the call is local or cheap). */
    EmbeddingResponse embed(EmbeddingRequest request, RowAccount row) {
        return limited(() -> {
            EmbeddingResponse response =
                    JudgeModels.explainUnavailable(request.model(), () -> ScorerEmbeddings.embed(gateway, request));
            charge(new EvalUsage(response.promptTokens(), 0, response.cost().total()), row);
            return response;
        });
    }

    private <T> T limited(java.util.function.Supplier<T> call) {
        checkCap();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while waiting for a judge call slot", e);
        }
        try {
            if (pacer != null) {
                pacer.acquire();
            }
            checkCap(); // the spend may have grown while this call waited
            calls.incrementAndGet();
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while waiting for the judge rate limit", e);
        } finally {
            permits.release();
        }
    }

    private void checkCap() {
        if (costCap != null) {
            BigDecimal cost = spent().costUsd();
            if (cost.compareTo(costCap) >= 0) {
                throw new CostCapReachedException(costCap, cost);
            }
        }
    }

    private void charge(EvalUsage usage, RowAccount row) {
        synchronized (this) {
            spent = spent.plus(usage);
        }
        row.charge(usage);
    }

    synchronized EvalUsage spent() {
        return spent;
    }

    long calls() {
        return calls.get();
    }

    long cacheHits() {
        return cache.hits();
    }

    /** The judge usage of one row. Thread-safe. */
    static final class RowAccount {
        private EvalUsage usage = EvalUsage.ZERO;

        synchronized void charge(EvalUsage more) {
            usage = usage.plus(more);
        }

        synchronized EvalUsage usage() {
            return usage;
        }
    }

    /** The {@link ScoringContext} scorers of one row see. */
    ScoringContext forRow(RowAccount row) {
        return new ScoringContext() {
            @Override
            public String judgeModel() {
                return judgeModel;
            }

            @Override
            public ChatResponse complete(ChatRequest request) {
                return JudgeChannel.this.complete(request, row);
            }

            @Override
            public EmbeddingResponse embed(EmbeddingRequest request) {
                return JudgeChannel.this.embed(request, row);
            }
        };
    }
}
