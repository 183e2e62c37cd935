package io.mlflowlite.gateway;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.routing.RouteDecision;

/**
 * A response and the routing decision that chose its model: what {@link Gateway#smartCompletion} returns.
 * {@code decision.model()} served the call, {@code decision.reason()} says why. Immutable.
 *
 * @param decision where the call went, and why
 * @param response the response
 */
public record RoutedResponse(RouteDecision decision, ChatResponse response) {
    /** The response's text. */
    public String content() {
        return response.content();
    }
}
