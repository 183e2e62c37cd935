package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.EndpointType;
import io.mlflowlite.routing.RoutingConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MLflow AI Gateway's own API over the same pipeline, so MLflow's deployments client works unchanged:
 * {@code POST /endpoints/{name}/invocations} (chat, completions and embeddings payloads without {@code model}),
 * {@code GET /api/2.0/endpoints/} (paged) and {@code GET /api/2.0/endpoints/{name}}. A route name is invocable
 * like an endpoint. Answers are OpenAI-shaped, as MLflow's are.
 */
final class MlflowEndpointsRoutes {
    static final String INVOCATIONS = "/endpoints/{name}/invocations";
    static final String LIST = "/api/2.0/endpoints/";
    static final String GET = "/api/2.0/endpoints/{name}";
    private static final int PAGE_SIZE = 50;

    private final Gateway gateway;
    private final JsonBody bodies;
    private final ChatCompletionsRoute chat;
    private final EmbeddingsRoute embeddings;

    MlflowEndpointsRoutes(Gateway gateway, JsonBody bodies, ChatCompletionsRoute chat, EmbeddingsRoute embeddings) {
        this.gateway = gateway;
        this.bodies = bodies;
        this.chat = chat;
        this.embeddings = embeddings;
    }

    List<Route> routes() {
        return List.of(
                Route.api("POST", INVOCATIONS, this::invoke),
                Route.system("GET", LIST, this::list),
                Route.system("GET", GET, this::get));
    }

    private void invoke(Exchange exchange, RequestScope scope) {
        String name = exchange.pathParameter("name").orElseThrow();
        EndpointType type = typeOf(name);
        JsonNode read = bodies.read(exchange);
        if (!read.isObject()) {
            throw badRequest("The invocation body must be a JSON object", null);
        }
        ObjectNode body = ((ObjectNode) read).deepCopy();
        body.put("model", name);
        switch (type) {
            case CHAT -> chat.serve(exchange, scope, body);
            case EMBEDDINGS -> embeddings.serve(exchange, scope, body);
            case COMPLETIONS -> completion(exchange, scope, body, name);
        }
    }

    /** {@code llm/v1/completions}: the prompt goes through the chat pipeline as one user message. */
    private void completion(Exchange exchange, RequestScope scope, ObjectNode body, String name) {
        JsonNode prompt = body.remove("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw badRequest("A completions invocation needs \"prompt\" as a string", "prompt");
        }
        if (body.path("stream").asBoolean(false)) {
            throw badRequest("Streaming is not offered on llm/v1/completions endpoints; use a chat endpoint", "stream");
        }
        body.putArray("messages").addObject().put("role", "user").put("content", prompt.asText());
        ChatRequest request = scope.admitChat(OpenAiWire.parseRequest(body).toBuilder()
                .metadata(ChatCompletionsRoute.REQUEST_ID_TAG, scope.requestId)
                .build());
        scope.callStarted("chat");
        ChatResponse response = gateway.completion(request);
        scope.callSucceeded(
                response.provider(), response.usage(), response.cost(), UpstreamTime.nanos(response.attempts()));
        ResponseHeaders.completion(exchange, response);
        ObjectNode json = Json.object();
        json.put("id", response.id());
        json.put("object", "text_completion");
        json.put("created", response.created());
        json.put("model", response.model());
        ArrayNode choices = json.putArray("choices");
        for (Choice c : response.choices()) {
            choices.addObject()
                    .put("index", c.index())
                    .put("text", c.message().text())
                    .put("finish_reason", FinishReason.wire(c.finishReason()));
        }
        json.set("usage", OpenAiWire.responseJson(response).get("usage"));
        exchange.send(200, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void list(Exchange exchange, RequestScope scope) {
        List<Endpoint> all = gateway.routing().endpoints();
        int start = exchange.queryParameter("page_token")
                .map(MlflowEndpointsRoutes::decodeToken)
                .orElse(0);
        int end = Math.min(all.size(), start + PAGE_SIZE);
        ObjectNode json = Json.object();
        ArrayNode endpoints = json.putArray("endpoints");
        for (Endpoint e : all.subList(Math.min(start, end), end)) {
            endpoints.add(endpointJson(e));
        }
        if (end < all.size()) {
            json.put(
                    "next_page_token",
                    java.util.Base64.getEncoder()
                            .encodeToString(("{\"index\": " + end + "}").getBytes(StandardCharsets.UTF_8)));
        }
        exchange.send(200, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void get(Exchange exchange, RequestScope scope) {
        String name = exchange.pathParameter("name").orElseThrow();
        Endpoint endpoint = gateway.routing().endpoint(name).orElseThrow(() -> notFound(name));
        exchange.send(200, "application/json", endpointJson(endpoint).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode endpointJson(Endpoint e) {
        ObjectNode json = Json.object();
        json.put("name", e.name());
        json.put("endpoint_type", e.type().wireName());
        json.putObject("model")
                .put("name", e.model().name())
                .put("provider", e.model().provider());
        json.put("endpoint_url", INVOCATIONS.replace("{name}", e.name()));
        e.limitIfPresent()
                .ifPresent(limit -> json.putObject("limit")
                        .put("calls", limit.calls())
                        .put(
                                "renewal_period",
                                limit.renewalPeriod()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replaceAll("s$", ""))
                        .put("key", limit.key()));
        return json;
    }

    private EndpointType typeOf(String name) {
        RoutingConfig config = gateway.routing();
        Optional<EndpointType> type = config.endpoint(name)
                .map(Endpoint::type)
                .or(() -> config.route(name).map(io.mlflowlite.routing.Route::taskType));
        return type.orElseThrow(() -> notFound(name));
    }

    private ApiException notFound(String name) {
        RoutingConfig config = gateway.routing();
        List<String> names = new ArrayList<>();
        config.endpoints().forEach(e -> names.add(e.name()));
        config.routes().forEach(r -> names.add(r.name()));
        return new ApiException(ApiError.of(
                404,
                "invalid_request_error",
                "endpoint_not_found",
                "The endpoint '" + name + "' is not present or active on this gateway"
                        + (names.isEmpty()
                                ? " (no endpoints are configured: start it with --config)"
                                : "; configured: " + String.join(", ", names))));
    }

    private static ApiException badRequest(String message, String param) {
        return new ApiException(ApiError.invalidRequest(message, param));
    }

    private static int decodeToken(String token) {
        try {
            String text = new String(java.util.Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            return Json.read(text).path("index").asInt();
        } catch (IllegalArgumentException e) {
            throw badRequest("Invalid page_token '" + token + "'", "page_token");
        }
    }
}
