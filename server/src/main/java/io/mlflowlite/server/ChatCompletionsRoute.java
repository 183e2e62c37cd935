package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.openai.OpenAiWire;

/**
 * {@code POST /v1/chat/completions}: OpenAI's chat API over the gateway's pipeline. The body is read with the
 * same codec the OpenAI adapter uses ({@link OpenAiWire}), so what the server accepts is exactly what the
 * adapter sends. {@code stream: true} answers with server-sent events ({@link ChatStreamResponse}).
 */
final class ChatCompletionsRoute implements Route.Handler {
    static final String PATH = "/v1/chat/completions";
    /** Trace tag that ties a trace to the server log and the client's {@code x-request-id}. */
    static final String REQUEST_ID_TAG = "mlflowlite.request_id";

    private final Gateway gateway;
    private final JsonBody bodies;

    ChatCompletionsRoute(Gateway gateway, JsonBody bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    @Override
    public void handle(Exchange exchange, RequestScope scope) {
        serve(exchange, scope, bodies.read(exchange));
    }

    /** Answers an OpenAI chat request already read (MLflow's endpoint invocations reuse this). */
    void serve(Exchange exchange, RequestScope scope, JsonNode body) {
        ChatRequest request = OpenAiWire.parseRequest(body).toBuilder()
                .metadata(REQUEST_ID_TAG, scope.requestId)
                .build();
        request = scope.admitChat(request);
        if (request.stream()) {
            // parseRequest checks stream_options but does not keep it: the adapter always asks upstream for usage
            boolean includeUsage =
                    body.path("stream_options").path("include_usage").asBoolean(false);
            new ChatStreamResponse(gateway, exchange, scope).send(request, includeUsage);
            return;
        }
        scope.callStarted("chat");
        ChatResponse response = gateway.completion(request);
        scope.callSucceeded(
                response.provider(), response.usage(), response.cost(), UpstreamTime.nanos(response.attempts()));
        ResponseHeaders.completion(exchange, response);
        exchange.send(200, "application/json", JsonBody.bytes(OpenAiWire.responseJson(response)));
    }
}
