package io.mlflowlite.server;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.limits.Budget;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.LimitDecision;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.limits.LimitsInterceptor;
import io.mlflowlite.limits.VirtualKey;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual API keys at the door: the key from {@code Authorization: Bearer mlk-…} (OpenAI SDKs) or
 * {@code x-api-key} (Anthropic SDKs) must be valid and not revoked, may use the endpoint, and must be within its
 * rpm, tpm and budget; a configured endpoint's own {@code limit: {calls, renewal_period}} applies to everyone.
 * Responses carry OpenAI's {@code x-ratelimit-*} headers, refusals included. Thread-safe.
 */
final class KeyAdmission implements Admission {
    /** Request metadata (and so trace tag) naming the key that made a call. */
    static final String KEY_ID_LABEL = "mlflowlite.api_key_id";

    static final String KEY_NAME_LABEL = "mlflowlite.api_key_name";

    private final KeyService keys;
    private final Limiter limiter;
    private final Gateway gateway;
    private final EndpointLimits endpointLimits;

    KeyAdmission(KeyService keys, Limiter limiter, Gateway gateway) {
        this.keys = keys;
        this.limiter = limiter;
        this.gateway = gateway;
        this.endpointLimits = new EndpointLimits(gateway::routing, limiter);
    }

    @Override
    public Ticket admit(Request request) {
        String presented = presentedKey(request)
                .orElseThrow(() -> new ApiException(ApiError.of(
                        401,
                        "authentication_error",
                        "missing_api_key",
                        "No API key: send your mlflowlite key as "
                                + "'Authorization: Bearer mlk-…' (or 'x-api-key' from Anthropic clients).")));
        VirtualKey key = keys.authenticate(presented)
                .orElseThrow(() -> new ApiException(ApiError.of(
                        401,
                        "authentication_error",
                        "invalid_api_key",
                        "Invalid or revoked API key " + abbreviate(presented)
                                + ". Ask your gateway admin for a key ('mlflowlite keys create').")));
        if (request.model() == null) {
            return labelsOnly(key);
        }
        endpointLimits.check(request.model());
        // the limiter reads the estimates only for a tpm limit and a rejecting budget; each costs a tokenizer pass
        ChatRequest chat = request.chat();
        long tokens = chat != null && key.tpm().isPresent() ? LimitsInterceptor.estimatedTokens(chat) : 0;
        BigDecimal worstCase = chat != null
                        && key.budget()
                                .filter(b -> b.onExceed() == Budget.Action.REJECT)
                                .isPresent()
                ? gateway.worstCaseCost(chat)
                : BigDecimal.ZERO;
        LimitDecision decision = limiter.decide(key, request.model(), tokens, worstCase);
        Map<String, String> headers = decision.headerMap();
        io.mlflowlite.limits.Admission admitted = refuseUnless(decision, headers);
        Map<String, String> labels = labels(key);
        return new Ticket() {
            @Override
            public Map<String, String> responseHeaders() {
                return headers;
            }

            @Override
            public Map<String, String> labels() {
                return labels;
            }

            @Override
            public void completed(Outcome outcome) {
                admitted.complete(outcome.inputTokens() + outcome.outputTokens(), outcome.costUsd());
            }
        };
    }

    private static io.mlflowlite.limits.Admission refuseUnless(LimitDecision decision, Map<String, String> headers) {
        try {
            return decision.orThrow();
        } catch (MlflowliteException refused) {
            ApiError error = ApiErrors.from(refused, "");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                error = error.withHeader(header.getKey(), header.getValue());
            }
            throw new ApiException(error);
        }
    }

    private static Ticket labelsOnly(VirtualKey key) {
        Map<String, String> labels = labels(key);
        return new Ticket() {
            @Override
            public Map<String, String> labels() {
                return labels;
            }
        };
    }

    private static Map<String, String> labels(VirtualKey key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KEY_ID_LABEL, key.id());
        labels.put(KEY_NAME_LABEL, key.name());
        return Map.copyOf(labels);
    }

    static Optional<String> presentedKey(Request request) {
        Optional<String> bearer = request.header("authorization")
                .map(String::strip)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip());
        return bearer.or(() -> request.header("x-api-key").map(String::strip)).filter(v -> !v.isEmpty());
    }

    private static String abbreviate(String key) {
        return key.length() <= 8 ? "(too short)" : key.substring(0, 8) + "…";
    }
}
