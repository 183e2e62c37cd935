package io.mlflowlite.server.anthropic;

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
import io.mlflowlite.provider.anthropic.AnthropicVocabulary;
import java.util.Optional;
import java.util.Set;

/** Which Anthropic error each mlflowlite failure becomes. Stateless. */
final class IngressErrors {
    /** The message for a failure that is no decision a caller can act on: it reveals nothing internal. */
    static final String INTERNAL_MESSAGE = "The gateway failed unexpectedly; its log has the details.";

    private static final Set<String> ANTHROPIC_TYPES = Set.of(
            "invalid_request_error",
            "authentication_error",
            "billing_error",
            "permission_error",
            "not_found_error",
            "request_too_large",
            "rate_limit_error",
            "api_error",
            "timeout_error",
            "overloaded_error");

    private IngressErrors() {}

    static AnthropicWire.ErrorMapping errorFor(Throwable failure) {
        return switch (failure) {
            case UnknownModelException e -> of(404, e.getMessage());
            case InvalidRequestException e -> of(400, e.getMessage());
            case RateLimitedException e ->
                new AnthropicWire.ErrorMapping(429, "rate_limit_error", e.getMessage(), e.retryAfter());
            case ProviderException e -> upstream(e);
            case AttemptTimeoutException e -> of(504, e.getMessage());
            case DeadlineExceededException e -> of(504, e.getMessage());
            case ConnectionException e -> of(502, e.getMessage());
            case MalformedResponseException e -> of(502, e.getMessage());
            case CircuitOpenException e -> of(503, e.getMessage());
            // a provider whose key is not set: unavailable here until the operator sets it; SDKs retry a 503
            case ConfigurationException e -> of(503, e.getMessage());
            default -> of(500, INTERNAL_MESSAGE);
        };
    }

    /**
     * The upstream's status and, when it is one of Anthropic's, its error type. An upstream 401/403 means the
     * gateway's own provider key was refused, which the client cannot fix: that is a 502, not the client's
     * authentication error.
     */
    private static AnthropicWire.ErrorMapping upstream(ProviderException e) {
        if (e.status() == 401 || e.status() == 403) {
            return of(
                    502,
                    e.getMessage() + " (the gateway's key for " + e.provider()
                            + " was refused; its operator must fix it)");
        }
        int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 502;
        // an OpenAI type (server_error, insufficient_quota) means nothing to an Anthropic client
        String type = e.type()
                .filter(t -> ANTHROPIC_TYPES.contains(t) && AnthropicVocabulary.statusOf(t) == status)
                .orElse(AnthropicVocabulary.errorType(status));
        return new AnthropicWire.ErrorMapping(status, type, e.getMessage(), Optional.empty());
    }

    private static AnthropicWire.ErrorMapping of(int status, String message) {
        return new AnthropicWire.ErrorMapping(status, AnthropicVocabulary.errorType(status), message, Optional.empty());
    }
}
