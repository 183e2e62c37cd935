package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The output format asked for: free {@link #TEXT}, any {@link #JSON_OBJECT}, or a {@link JsonSchema}. A closed
 * set: {@code switch} over it needs no default. Immutable.
 */
public sealed interface ResponseFormat permits ResponseFormat.Plain, ResponseFormat.JsonSchema {
    ResponseFormat TEXT = Plain.TEXT;
    ResponseFormat JSON_OBJECT = Plain.JSON_OBJECT;

    /** The wire type: {@code text|json_object|json_schema}. */
    String type();

    /** The schema's name ({@link JsonSchema} only); null otherwise. */
    default String name() {
        return null;
    }

    /** The JSON Schema ({@link JsonSchema} only); null otherwise. */
    default JsonNode schema() {
        return null;
    }

    /** Whether the provider must follow the schema exactly ({@link JsonSchema} only); may be null. */
    default Boolean strict() {
        return null;
    }

    /** Whether the answer must be JSON. */
    default boolean isJson() {
        return this != TEXT;
    }

    /** JSON matching {@code schema}. */
    static ResponseFormat jsonSchema(String name, JsonNode schema, Boolean strict) {
        return new JsonSchema(name, schema, strict);
    }

    /**
     * The format a wire {@code type} names (the other fields matter for {@code json_schema} only).
     *
     * @throws IllegalArgumentException for another type, naming the valid ones
     */
    static ResponseFormat of(String type, String name, JsonNode schema, Boolean strict) {
        return switch (type) {
            case "text" -> TEXT;
            case "json_object" -> JSON_OBJECT;
            case "json_schema" -> jsonSchema(name, schema, strict);
            default ->
                throw new IllegalArgumentException(
                        "Unknown response format '" + type + "': use text, json_object or json_schema");
        };
    }

    /** The formats without a schema. */
    enum Plain implements ResponseFormat {
        TEXT("text"),
        JSON_OBJECT("json_object");

        private final String wire;

        Plain(String wire) {
            this.wire = wire;
        }

        @Override
        public String type() {
            return wire;
        }
    }

    /**
     * JSON matching a schema.
     *
     * @param name   the schema's name
     * @param schema the JSON Schema
     * @param strict whether the provider must follow the schema exactly; may be null
     */
    record JsonSchema(String name, JsonNode schema, Boolean strict) implements ResponseFormat {
        @Override
        public String type() {
            return "json_schema";
        }
    }
}
