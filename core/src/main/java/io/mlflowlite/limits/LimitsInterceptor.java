package io.mlflowlite.limits;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.StreamListener;
import io.mlflowlite.cost.TokenEstimator;
import io.mlflowlite.error.AuthenticationException;
import io.mlflowlite.pipeline.Interceptor;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The pipeline step that enforces virtual keys in the library: reads the caller's key id from the request's
 * metadata ({@value #KEY_ID}), admits the call with the {@link Limiter} (endpoint = the request's {@code model}),
 * proceeds, and settles the admission with the response's actual tokens and cost; a stream is settled when it
 * completes, fails or is cancelled. Add it with {@link io.mlflowlite.gateway.Gateway.Builder#interceptor}, which places it
 * inside tracing (a refused call is traced as an error) and outside retries (one admission per call, however many
 * attempts).
 *
 * <p>The key id is the key's {@link VirtualKey#id()}, not its secret: whoever sets it has already authenticated
 * the caller (your application, or the gateway server after {@link KeyService#authenticate}). A server that passes
 * client-supplied metadata into requests must drop any client value of {@value #KEY_ID} first, or a client could
 * name another key. The id also becomes a tag of the call's trace, which attributes usage to keys.
 *
 * <p>Refusals are thrown before any provider call: {@link AuthenticationException} (no, unknown or revoked key),
 * {@link io.mlflowlite.error.PermissionDeniedException}, {@link io.mlflowlite.error.RateLimitedException},
 * {@link io.mlflowlite.error.InvalidRequestException}, {@link LimitStoreException} (see {@link LimitDecision}). The
 * {@link Admission} is put in the call's context under {@value #ADMISSION} for later steps.
 *
 * <p>A key with a {@link Budget.Action#REJECT} budget holds the call's worst-case cost while it runs, which the
 * {@link io.mlflowlite.gateway.Gateway} supplies under {@value #WORST_CASE_COST}; so concurrent calls cannot
 * overshoot the budget together (see {@link Budget}).
 *
 * <p>Thread-safe. Adds no blocking work for keys without limits; for keys with limits, what {@link Limiter#decide}
 * costs, plus a token estimate (a local tokenizer pass) only when the key has a tpm limit, and a worst-case cost
 * (one more pass per priced model) only when it has a budget that rejects.
 */
public final class LimitsInterceptor implements Interceptor {
    /** The request metadata key that carries the caller's key id. */
    public static final String KEY_ID = "mlflowlite.api_key_id";
    /** The {@link io.mlflowlite.pipeline.CallContext} attribute holding the call's {@link Admission}. */
    public static final String ADMISSION = "mlflowlite.limits.admission";
    /**
     * The {@link io.mlflowlite.pipeline.CallContext} attribute holding a {@code Supplier<BigDecimal>} of the call's
     * worst-case cost, which a budget reserves; {@link io.mlflowlite.gateway.Gateway} sets it on every call
     * ({@link io.mlflowlite.gateway.Gateway#worstCaseCost}). Without it a budget reserves nothing.
     */
    public static final String WORST_CASE_COST = "mlflowlite.limits.worst_case_cost";

    private final KeyService keys;
    private final Limiter limiter;
    private final boolean requireKey;

    /** Enforces keys on every call: a call without {@value #KEY_ID} is refused. */
    public LimitsInterceptor(KeyService keys, Limiter limiter) {
        this(keys, limiter, true);
    }

    /**
     * @param requireKey whether a call without {@value #KEY_ID} is refused ({@code true}) or passes unlimited
     *                   ({@code false}, for a gateway where keys are optional)
     */
    public LimitsInterceptor(KeyService keys, Limiter limiter, boolean requireKey) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.requireKey = requireKey;
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        ChatRequest request = chain.request();
        Admission admission = admit(request, chain.context());
        if (admission == null) {
            return chain.proceed(request);
        }
        chain.context().attribute(ADMISSION, admission);
        ChatResponse response;
        try {
            response = chain.proceed(request);
        } catch (RuntimeException e) {
            admission.complete(0, BigDecimal.ZERO);
            throw e;
        }
        settle(admission, response);
        return response;
    }

    @Override
    public ChatStream interceptStream(Chain chain) {
        ChatRequest request = chain.request();
        Admission admission = admit(request, chain.context());
        if (admission == null) {
            return chain.proceedStream(request);
        }
        chain.context().attribute(ADMISSION, admission);
        ChatStream stream;
        try {
            stream = chain.proceedStream(request);
        } catch (RuntimeException e) {
            admission.complete(0, BigDecimal.ZERO);
            throw e;
        }
        return stream.withListener(new StreamListener() {
            @Override
            public void onComplete(ChatResponse response) {
                settle(admission, response);
            }

            @Override
            public void onError(RuntimeException error, ChatResponse partial) {
                settle(admission, partial);
            }

            @Override
            public void onCancel(ChatResponse partial) {
                settle(admission, partial);
            }
        });
    }

    /** The admission of {@code request}; null when it carries no key and keys are optional. */
    private Admission admit(ChatRequest request, io.mlflowlite.pipeline.CallContext context) {
        String id = request.metadata().get(KEY_ID);
        if (id == null) {
            if (requireKey) {
                throw new AuthenticationException("No API key: the request's metadata has no " + KEY_ID);
            }
            return null;
        }
        VirtualKey key = keys.get(id).orElseThrow(() -> new AuthenticationException("Unknown API key id '" + id + "'"));
        long estimate = key.tpm().isPresent() ? estimatedTokens(request) : 0;
        BigDecimal worstCase =
                key.budget().filter(b -> b.onExceed() == Budget.Action.REJECT).isPresent()
                        ? context.<java.util.function.Supplier<BigDecimal>>attribute(WORST_CASE_COST)
                                .map(java.util.function.Supplier::get)
                                .orElse(BigDecimal.ZERO)
                        : BigDecimal.ZERO;
        return limiter.admit(key, request.model(), estimate, worstCase);
    }

    /**
     * What {@code request} may use at most, as OpenAI counts it against a tpm limit: the prompt's tokens (messages
     * and tools, by the local tokenizer) plus {@code max_tokens}. The gateway server passes this to
     * {@link Limiter#decide} so it counts as the library does. A tokenizer pass over the request: call it only for
     * keys with a tpm limit.
     */
    public static long estimatedTokens(ChatRequest request) {
        TokenEstimator tokens = TokenEstimator.shared();
        long prompt = tokens.countMessages(request.messages(), request.model())
                + (request.tools().isEmpty() ? 0 : tokens.countTools(request.tools(), request.model()));
        return prompt + (request.maxTokens() == null ? 0 : request.maxTokens());
    }

    private static void settle(Admission admission, ChatResponse response) {
        admission.complete(response.usage().totalTokens(), response.cost().total());
    }
}
