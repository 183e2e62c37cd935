package io.mlflowlite.tracing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A trace's summary row (MLflow's TraceInfo), with the fields searches filter on. Immutable.
 *
 * @param traceId         {@code tr-} + 32 hex digits
 * @param experiment      the experiment name ({@code llm_workspace} by default)
 * @param startTime       when the root span started
 * @param duration        the root span's duration
 * @param state           how it ended
 * @param requestPreview  the start of the request (the last user message), for lists
 * @param responsePreview the start of the response
 * @param model           the model the call asked for (the root's), or null for traces without a model call
 * @param inputTokens     input tokens over every model call in the trace
 * @param outputTokens    output tokens over every model call in the trace
 * @param cost            dollars over every model call in the trace
 * @param user            the end user ({@code mlflow.trace.user}), or null
 * @param session         the session ({@code mlflow.trace.session}), or null
 * @param tags            user tags (mutable in MLflow; here set when the trace is recorded)
 * @param metadata        MLflow's trace metadata: {@code mlflow.trace.tokenUsage}, {@code mlflow.trace.cost} …
 */
public record TraceInfo(String traceId, String experiment, Instant startTime, Duration duration, TraceState state,
        String requestPreview, String responsePreview, String model, long inputTokens, long outputTokens,
        BigDecimal cost, String user, String session, Map<String, String> tags, Map<String, String> metadata) {

    public TraceInfo {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        cost = cost == null ? BigDecimal.ZERO : cost;
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Optional<String> userIfPresent() {
        return Optional.ofNullable(user);
    }

    public Optional<String> sessionIfPresent() {
        return Optional.ofNullable(session);
    }
}
