package io.mlflowlite.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import io.mlflowlite.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/models}: the models this server can serve now, in OpenAI's list shape. Models whose provider
 * is not configured are left out, as are pass-through placeholders ({@code ollama/<model>}): any model id
 * of a configured provider still works when asked for by name.
 */
final class ModelsRoute implements Route.Handler {
    static final String PATH = "/v1/models";

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
        for (ModelInfo model : gateway.models()) {
            if (model.available() && !model.name().contains("<")) {
                data.addObject()
                        .put("id", model.name())
                        .put("object", "model")
                        .put("created", created)
                        .put("owned_by", model.provider());
            }
        }
        exchange.send(200, "application/json", root.toString().getBytes(StandardCharsets.UTF_8));
    }
}
