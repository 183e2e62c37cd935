package io.mlflowlite.routing;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.pipeline.CallContext;
import java.util.Map;

/**
 * What {@link EndpointRouter#route} decided for one call: the request with the endpoint's settings filled in
 * where the caller left them unset, and the {@link CallContext} attributes that carry the decision to the
 * pipeline (the endpoint, route and destination for traces and limits; the
 * {@link io.mlflowlite.pipeline.RoutedTargets} for the retries). Immutable.
 *
 * @param request    the request to send through the pipeline (its model is still the name the caller used)
 * @param attributes the context attributes to set; empty when neither the model nor its fallbacks named an
 *                   endpoint or route
 */
public record RoutedCall(ChatRequest request, Map<String, Object> attributes) {
    public RoutedCall {
        attributes = Map.copyOf(attributes);
    }

    /** A call whose model is no endpoint or route: it goes through unchanged. */
    static RoutedCall unrouted(ChatRequest request) {
        return new RoutedCall(request, Map.of());
    }

    /** Whether the call's model named an endpoint or a route. */
    public boolean routed() {
        return attributes.containsKey(EndpointRouter.ENDPOINT_ATTRIBUTE);
    }

    /** Sets the decision's attributes on the call's context, before the pipeline runs. */
    public void attachTo(CallContext context) {
        attributes.forEach(context::attribute);
    }
}
