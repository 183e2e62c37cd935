package io.mlflowlite.provider;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.time.Deadline;
import java.time.Duration;

/**
 * One attempt handed to a {@link Provider}: the request, where to send it, and how long it may take.
 *
 * @param request    the request, already validated
 * @param deployment where it goes
 * @param timeout    this attempt's timeout: the wait for response headers, and for each streamed event
 * @param deadline   the call's overall deadline; no wait may outlive it
 */
public record ProviderCall(ChatRequest request, Deployment deployment, Duration timeout, Deadline deadline) {

    /** How long the next wait may last: the attempt timeout clipped to the deadline. */
    public Duration waitBudget() {
        return deadline.clip(timeout);
    }
}
