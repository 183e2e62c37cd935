package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.server.anthropic.AnthropicSseWriter;
import io.mlflowlite.server.anthropic.AnthropicWire;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * {@code POST /v1/messages}: Anthropic's Messages API over the same pipeline, so the Anthropic SDKs work with a
 * changed base URL whichever provider serves the model. Requests and answers go through {@link AnthropicWire};
 * streams are re-framed as Anthropic's event stream by {@link AnthropicSseWriter}; errors come back in
 * Anthropic's error shape (the route's {@link Route.ErrorStyle}).
 */
final class MessagesRoute implements Route.Handler {
    static final String PATH = "/v1/messages";

    private final Gateway gateway;
    private final JsonBody bodies;

    MessagesRoute(Gateway gateway, JsonBody bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    @Override
    public void handle(Exchange exchange, RequestScope scope) {
        JsonNode body = bodies.read(exchange);
        ChatRequest request = AnthropicWire.parseRequest(body).toBuilder()
                .metadata(ChatCompletionsRoute.REQUEST_ID_TAG, scope.requestId)
                .build();
        request = scope.admitChat(request);
        if (request.stream()) {
            stream(exchange, scope, request);
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
                AnthropicWire.responseJson(response, request.model()).toString().getBytes(StandardCharsets.UTF_8));
    }

    private void stream(Exchange exchange, RequestScope scope, ChatRequest request) {
        scope.callStarted("chat");
        try (ChatStream stream = gateway.stream(request)) {
            ResponseHeaders.streamStart(exchange, stream);
            exchange.header("cache-control", "no-cache");
            exchange.header("x-accel-buffering", "no");
            AnthropicSseWriter writer = new AnthropicSseWriter(request.model());
            try (SseWriter events = new SseWriter(exchange.stream(200, "text/event-stream; charset=utf-8"))) {
                Iterator<ChatChunk> chunks = stream.iterator();
                long waited = 0;
                while (true) {
                    long asked = System.nanoTime();
                    boolean more;
                    try {
                        more = chunks.hasNext();
                    } catch (RuntimeException e) {
                        scope.callFailed(e, ApiErrors.from(e, scope.requestId));
                        events.raw(writer.error(e).toBytes());
                        return;
                    }
                    if (!more) {
                        break;
                    }
                    waited += System.nanoTime() - asked;
                    writer.onChunk(chunks.next()).forEach(event -> events.raw(event.toBytes()));
                }
                ChatResponse response = stream.response();
                writer.finish(response).forEach(event -> events.raw(event.toBytes()));
                scope.callSucceeded(
                        response.provider(),
                        response.usage(),
                        response.cost(),
                        UpstreamTime.nanos(response.attempts()) + waited);
            }
        }
    }
}
