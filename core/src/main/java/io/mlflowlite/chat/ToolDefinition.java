package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call.
 *
 * @param name        the function name ({@code ^[a-zA-Z0-9_-]{1,64}$})
 * @param description what it does, for the model; may be null
 * @param parameters  JSON Schema of its arguments object; null means no arguments
 * @param strict      OpenAI structured-outputs strict mode; null leaves the provider default
 */
public record ToolDefinition(String name, String description, JsonNode parameters, Boolean strict) {
    public static ToolDefinition function(String name, String description, JsonNode parameters) {
        return new ToolDefinition(name, description, parameters, null);
    }
}
