package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The output format asked for: free text, any JSON object, or JSON matching a schema.
 *
 * @param type   {@code text|json_object|json_schema}
 * @param name   the schema's name (json_schema only)
 * @param schema the JSON Schema (json_schema only)
 * @param strict whether the provider must follow the schema exactly (json_schema only); may be null
 */
public record ResponseFormat(String type, String name, JsonNode schema, Boolean strict) {
    public static final ResponseFormat TEXT = new ResponseFormat("text", null, null, null);
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object", null, null, null);

    public static ResponseFormat jsonSchema(String name, JsonNode schema, boolean strict) {
        return new ResponseFormat("json_schema", name, schema, strict);
    }

    public boolean isJson() {
        return !"text".equals(type);
    }
}
