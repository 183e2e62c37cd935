package io.mlflowlite.server;

import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.CircuitOpenException;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.error.DeadlineExceededException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.error.UnknownModelException;
import java.time.Duration;
import java.util.Map;

/**
 * Which HTTP answer each failure gets. The mapping follows the caller's decision, as the exception types do:
 * fix the request (400/404), slow down (429 with {@code Retry-After}), try later or elsewhere (502/503/504).
 *
 * <p>Two choices worth knowing: an upstream 401/403 means <em>the gateway's</em> provider key was refused, which
 * the client cannot fix, so it becomes 502 (a client's own key problems are 401s the admission hook raises); and
 * a provider whose key is not configured is 503 {@code provider_not_configured} naming the variable to set: the
 * model is unavailable on this server until its operator sets it, other models still work, and OpenAI SDKs retry
 * 503s, which is what a client should do while a fixed config rolls out.
 */
final class ApiErrors {
    private ApiErrors() {}

    /** The answer for {@code failure}; anything unrecognised is a 500 whose message reveals nothing internal. */
    static ApiError from(Throwable failure, String requestId) {
        ApiError error = errorFor(failure, requestId);
        return failure instanceof io.mlflowlite.error.MlflowliteException e
                        && e.traceId().isPresent()
                ? error.withHeader(ResponseHeaders.TRACE_ID, e.traceId().get())
                : error;
    }

    private static ApiError errorFor(Throwable failure, String requestId) {
        return switch (failure) {
            case ApiException e -> e.error();
            case UnknownModelException e ->
                new ApiError(404, "invalid_request_error", "model_not_found", "model", e.getMessage(), Map.of());
            case InvalidRequestException e -> ApiError.invalidRequest(e.getMessage(), e.param());
            case io.mlflowlite.error.AuthenticationException e ->
                ApiError.of(401, "authentication_error", "invalid_api_key", e.getMessage());
            case io.mlflowlite.error.PermissionDeniedException e ->
                ApiError.of(403, "permission_error", "endpoint_not_allowed", e.getMessage());
            case RateLimitedException e -> rateLimited(e);
            case ProviderException e -> upstreamStatus(e);
            case AttemptTimeoutException e -> ApiError.of(504, "timeout_error", "upstream_timeout", e.getMessage());
            case DeadlineExceededException e -> ApiError.of(504, "timeout_error", "deadline_exceeded", e.getMessage());
            case ConnectionException e -> ApiError.of(502, "api_error", "upstream_connection_error", e.getMessage());
            case MalformedResponseException e ->
                ApiError.of(502, "api_error", "upstream_malformed_response", e.getMessage());
            case CircuitOpenException e -> ApiError.of(503, "api_error", "circuit_open", e.getMessage());
            case ConfigurationException e -> ApiError.of(503, "api_error", "provider_not_configured", e.getMessage());
            default -> internal(requestId);
        };
    }

    /** Whether {@code error} is our own fault, worth a stack trace in the log. */
    static boolean isInternal(ApiError error) {
        return error.status() == 500 && "internal_error".equals(error.code());
    }

    static ApiError internal(String requestId) {
        return ApiError.of(
                500,
                "api_error",
                "internal_error",
                "The gateway failed unexpectedly; the server log has the details under request id " + requestId + ".");
    }

    private static ApiError rateLimited(RateLimitedException e) {
        ApiError error = new ApiError(
                429,
                e.type().orElse("rate_limit_error"),
                e.code().orElse("rate_limit_exceeded"),
                null,
                e.getMessage(),
                Map.of());
        if (e.retryAfter().isPresent()) {
            Duration wait = e.retryAfter().get();
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            error = error.withHeader("retry-after", Long.toString(seconds))
                    .withHeader("retry-after-ms", Long.toString(wait.toMillis()));
        }
        return error;
    }

    private static ApiError upstreamStatus(ProviderException e) {
        if (e.status() == 401 || e.status() == 403) {
            return ApiError.of(
                    502,
                    "api_error",
                    "upstream_authentication_failed",
                    e.getMessage() + " (the gateway's key for " + e.provider()
                            + " was refused; its operator must fix it)");
        }
        int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 502;
        return new ApiError(
                status, e.type().orElse(defaultType(status)), e.code().orElse(null), null, e.getMessage(), Map.of());
    }

    private static String defaultType(int status) {
        return switch (status) {
            case 400, 404, 409, 422 -> "invalid_request_error";
            case 408 -> "timeout_error";
            default -> "api_error";
        };
    }
}
