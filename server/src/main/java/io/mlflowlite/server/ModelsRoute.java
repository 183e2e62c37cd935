package io.mlflowlite.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import io.mlflowlite.json.Json;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.RoutingConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: what this server can serve now, in OpenAI's model
 * shape. First the configured endpoints and routes (the names clients send as {@code model}; owned by the
 * endpoint's provider, or {@code mlflowlite} for a route), then the catalog models whose provider is configured.
 * Pass-through placeholders ({@code ollama/<model>}) are left out: any model id of a configured provider still
 * works when asked for by name. Read from the live routing configuration, so a reload shows at once.
 */
final class ModelsRoute implements Route.Handler {
    static final String PATH = "/v1/models";
    /** One model; its id may hold slashes ({@code mock/echo}), so the rest of the path is the id. */
    static final String ONE = "/v1/models/*";

    private final Gateway gateway;
    /** OpenAI's {@code created} is the model's publication; ours is when this server started. */
    private final long created;

    ModelsRoute(Gateway gateway, long created) {
        this.gateway = gateway;
        this.created = created;
    }

    @Override
    public void handle(Exchange exchange, RequestScope scope) {
        scope.admit(null);
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        models().forEach((id, owner) -> data.add(model(id, owner)));
        exchange.send(200, "application/json", root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The handler of {@code GET /v1/models/{id}}: the model, or 404 in OpenAI's shape. */
    Route.Handler one() {
        return (exchange, scope) -> {
            scope.admit(null);
            String id =
                    java.net.URLDecoder.decode(exchange.path().substring(PATH.length() + 1), StandardCharsets.UTF_8);
            String owner = models().get(id);
            if (owner == null) {
                throw new ApiException(new ApiError(
                        404,
                        "invalid_request_error",
                        "model_not_found",
                        "model",
                        "The model '" + id + "' does not exist on this gateway. GET /v1/models lists the "
                                + "endpoints, routes and models it serves.",
                        Map.of()));
            }
            exchange.send(200, "application/json", model(id, owner).toString().getBytes(StandardCharsets.UTF_8));
        };
    }

    /** Every servable id and its owner, endpoints and routes first; an endpoint shadows a model of its name. */
    private Map<String, String> models() {
        Map<String, String> byId = new LinkedHashMap<>();
        RoutingConfig routing = gateway.routing();
        for (Endpoint endpoint : routing.endpoints()) {
            byId.put(
                    endpoint.name(),
                    endpoint.model() == null ? "mlflowlite" : endpoint.model().provider());
        }
        for (io.mlflowlite.routing.Route route : routing.routes()) {
            byId.putIfAbsent(route.name(), "mlflowlite");
        }
        for (ModelInfo model : gateway.models()) {
            if (model.available() && !model.name().contains("<")) {
                byId.putIfAbsent(model.name(), model.provider());
            }
        }
        return byId;
    }

    private ObjectNode model(String id, String owner) {
        return Json.object()
                .put("id", id)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", owner);
    }
}
