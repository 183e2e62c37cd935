package io.mlflowlite.server;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.gateway.Gateway;
import java.time.Instant;
import java.util.Iterator;

/**
 * {@code POST /v1/responses}: OpenAI's Responses API, stateless, over the same pipeline (and so the same tracing,
 * retries, fallbacks, limits and cost) as chat completions, whichever provider serves the model. The body is read
 * by {@link ResponsesRequest}, answers are written by {@link ResponsesWire}, and {@code stream: true} answers
 * with the typed event stream of {@link ResponsesSseWriter}.
 *
 * <p>A failure before the first chunk (unknown model, upstream refusal after retries) is an HTTP error in
 * OpenAI's shape, as on chat completions; after the stream started it is a {@code response.failed} event.
 */
final class ResponsesRoute implements Route.Handler {
    static final String PATH = "/v1/responses";

    private final Gateway gateway;
    private final JsonBody bodies;

    ResponsesRoute(Gateway gateway, JsonBody bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    @Override
    public void handle(Exchange exchange, RequestScope scope) {
        ResponsesRequest parsed = ResponsesRequest.parse(bodies.read(exchange));
        ChatRequest request = scope.admitChat(parsed.chat().toBuilder()
                .metadata(ChatCompletionsRoute.REQUEST_ID_TAG, scope.requestId)
                .build());
        String id = ResponsesWire.newId("resp");
        long createdAt = Instant.now().getEpochSecond();
        if (request.stream()) {
            stream(exchange, scope, request, new ResponsesRequest(request, parsed.echo()), id, createdAt);
            return;
        }
        scope.callStarted("chat");
        ChatResponse response = gateway.completion(request);
        scope.callSucceeded(
                response.provider(), response.usage(), response.cost(), UpstreamTime.nanos(response.attempts()));
        ResponseHeaders.completion(exchange, response);
        exchange.send(
                200,
                "application/json",
                JsonBody.bytes(ResponsesWire.response(id, createdAt, request.model(), parsed, response)));
    }

    private void stream(
            Exchange exchange,
            RequestScope scope,
            ChatRequest request,
            ResponsesRequest parsed,
            String id,
            long createdAt) {
        scope.callStarted("chat");
        try (ChatStream stream = gateway.stream(request)) {
            ResponseHeaders.streamStart(exchange, stream);
            exchange.header("cache-control", "no-cache");
            exchange.header("x-accel-buffering", "no"); // tells nginx-style proxies not to buffer the events
            try (SseWriter events = new SseWriter(exchange.stream(200, "text/event-stream; charset=utf-8"))) {
                ResponsesSseWriter writer = new ResponsesSseWriter(id, createdAt, request.model(), parsed, events::raw);
                writer.start();
                Iterator<ChatChunk> chunks = stream.iterator();
                long waited = 0;
                while (true) {
                    long asked = System.nanoTime();
                    boolean more;
                    try {
                        more = chunks.hasNext();
                    } catch (RuntimeException e) {
                        ApiError error = ApiErrors.from(e, scope.requestId);
                        scope.callFailed(e, error);
                        writer.fail(error);
                        return;
                    }
                    if (!more) {
                        break; // the last pull also ran the pipeline's finishers: gateway time, not upstream
                    }
                    waited += System.nanoTime() - asked;
                    writer.onChunk(chunks.next());
                }
                ChatResponse response = stream.response();
                writer.finish(response);
                scope.callSucceeded(
                        response.provider(),
                        response.usage(),
                        response.cost(),
                        UpstreamTime.nanos(response.attempts()) + waited);
            }
        }
    }
}
