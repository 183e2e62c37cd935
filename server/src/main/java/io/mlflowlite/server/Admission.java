package io.mlflowlite.server;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether an API request may use the gateway: the one place API keys, allowed endpoints, rate limits
 * and budgets plug in. Every API request passes it once, on its own thread, after its body was read (so the
 * model is known) and before any provider call; probes ({@code /health}, {@code /ready}, {@code /metrics}) do not.
 *
 * <p>Contract: thread-safe; fast (no blocking I/O beyond a shared counter store); refuses by throwing an
 * {@link ApiException} whose {@link ApiError} is the answer (401 unknown key, 403 endpoint not allowed, 429 over
 * a limit with {@code Retry-After}).
 */
@FunctionalInterface
interface Admission {
    /** Admits everything: the server without keys. */
    Admission OPEN = request -> Ticket.NONE;

    /** Admits {@code request}, or throws {@link ApiException}. */
    Ticket admit(Request request);

    /**
     * What admission sees of a request.
     *
     * @param route   the route's path, such as {@code /v1/chat/completions}
     * @param model   the model asked for, as the client wrote it; null where a route has none ({@code /v1/models})
     * @param headers the request's headers, case-insensitive
     * @param chat    the chat request, for token limits and budgets (its tokens and worst-case cost, counted only
     *                when a limit needs them: each costs a tokenizer pass); null on routes that are no chat
     */
    record Request(
            String route,
            String model,
            Function<String, Optional<String>> headers,
            io.mlflowlite.chat.ChatRequest chat) {
        Optional<String> header(String name) {
            return headers.apply(name);
        }
    }

    /** An admitted request: headers for its response, and a callback once it ended. */
    interface Ticket {
        Ticket NONE = new Ticket() {};

        /** Headers for the response, such as {@code x-ratelimit-remaining-requests}. */
        default Map<String, String> responseHeaders() {
            return Map.of();
        }

        /** Labels for the call's trace (request metadata), such as the API key's id. */
        default Map<String, String> labels() {
            return Map.of();
        }

        /** Called exactly once when the request ended, whatever the outcome; fast, never throws. */
        default void completed(Outcome outcome) {}
    }

    /**
     * How an admitted request ended, for token limits and budgets.
     *
     * @param status       the HTTP status sent (499 when the client left mid-stream)
     * @param provider     the provider that served it; empty when none did
     * @param inputTokens  tokens in, zero when no provider answered
     * @param outputTokens tokens out
     * @param costUsd      what it cost, exact
     */
    record Outcome(
            int status, String model, String provider, long inputTokens, long outputTokens, BigDecimal costUsd) {}
}
