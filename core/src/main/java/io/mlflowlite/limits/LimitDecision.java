package io.mlflowlite.limits;

import io.mlflowlite.error.MlflowliteException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The limiter's answer for one call: admitted (with the {@link Admission} to complete when the call ends) or
 * refused (with the exception that says why), and the {@code x-ratelimit-*} headers either way. Immutable.
 *
 * <p>Refusals, by type: {@link io.mlflowlite.error.AuthenticationException} (401, revoked key),
 * {@link io.mlflowlite.error.PermissionDeniedException} (403, endpoint not allowed),
 * {@link io.mlflowlite.error.RateLimitedException} (429, rpm, tpm or budget, with retry-after until the window resets),
 * {@link io.mlflowlite.error.InvalidRequestException} (400, a request larger than the key's tpm, which waiting never
 * fixes), {@link LimitStoreException} (503, counter down under {@link FailurePolicy#FAIL_CLOSED}).
 */
public final class LimitDecision {
    private final Admission admission;
    private final MlflowliteException refusal;
    private final RateLimitHeaders headers;

    private LimitDecision(Admission admission, MlflowliteException refusal, RateLimitHeaders headers) {
        this.admission = admission;
        this.refusal = refusal;
        this.headers = Objects.requireNonNull(headers);
    }

    static LimitDecision admitted(Admission admission) {
        return new LimitDecision(admission, null, admission.headers());
    }

    static LimitDecision refused(MlflowliteException refusal, RateLimitHeaders headers) {
        return new LimitDecision(null, refusal, headers);
    }

    /** Whether the call may go ahead. */
    public boolean allowed() {
        return admission != null;
    }

    /** Why the call may not go ahead; empty when it may. */
    public Optional<MlflowliteException> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The rate-limit state to send back, admitted or not. */
    public RateLimitHeaders headers() {
        return headers;
    }

    /** {@link #headers()} as response headers. */
    public Map<String, String> headerMap() {
        return headers.asMap();
    }

    /** The admission to complete when the call ends, or the refusal thrown. */
    public Admission orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return admission;
    }

    @Override
    public String toString() {
        return allowed()
                ? "LimitDecision[admitted " + headers.asMap() + "]"
                : "LimitDecision[refused: " + refusal.getMessage() + "]";
    }
}
