package io.mlflowlite.otel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Set;

/**
 * How attribute values go on the wire. Keys under {@code mlflow.} carry MLflow's own encoding: the value
 * JSON-serialized into a string ({@code mlflow.spanType = "\"CHAT_MODEL\""}), because MLflow's span model
 * {@code json.loads} every attribute it reads back. Every other key ({@code gen_ai.*}, {@code user.id},
 * event attributes) carries a native OTLP value (int, double, bool, string, array) so Jaeger, Phoenix,
 * Langfuse and collectors read numbers as numbers; MLflow reads those as they are when they are not JSON text.
 * Thread-safe (stateless).
 */
final class AttributeValues {
    static final String MLFLOW_PREFIX = "mlflow.";

    // MLflow reads these back as objects (usage.get("input_tokens")), so a String already holding the JSON
    // object must go as is: quoting it again would hand MLflow a string where it expects a dict.
    private static final Set<String> STRUCTURED =
            Set.of("mlflow.chat.tokenUsage", "mlflow.llm.cost", "mlflow.chat.tools", "mlflow.linkedPrompts");

    private AttributeValues() {}

    /** {@code key} with its value in the encoding its namespace calls for. */
    static KeyValue keyValue(String key, Object value) {
        AnyValue encoded = key.startsWith(MLFLOW_PREFIX) ? mlflow(key, value) : typed(value);
        return KeyValue.newBuilder().setKey(key).setValue(encoded).build();
    }

    /** {@code key} with a native OTLP value, whatever its namespace (events, resource attributes). */
    static KeyValue typedKeyValue(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(typed(value)).build();
    }

    /** MLflow's encoding: a string holding the value's JSON. */
    static AnyValue mlflow(String key, Object value) {
        if (value instanceof String text && STRUCTURED.contains(key) && isJsonContainer(text)) {
            return string(text);
        }
        return string(json(value));
    }

    /** A native OTLP value: numbers as int or double, arrays of scalars as arrays, other trees as JSON text. */
    static AnyValue typed(Object value) {
        return switch (value) {
            case null -> AnyValue.getDefaultInstance();
            case String s -> string(s);
            case Boolean b -> AnyValue.newBuilder().setBoolValue(b).build();
            case Integer i -> integer(i);
            case Long l -> integer(l);
            case Short s -> integer(s);
            case Byte b -> integer(b);
            case BigInteger big when big.bitLength() < 64 -> integer(big.longValue());
            case BigDecimal d ->
                AnyValue.newBuilder().setDoubleValue(d.doubleValue()).build();
            case Number n
            when !(n instanceof BigInteger) ->
                AnyValue.newBuilder().setDoubleValue(n.doubleValue()).build();
            case JsonNode node -> typed(node);
            case Collection<?> items -> array(items);
            default -> string(json(value));
        };
    }

    private static AnyValue typed(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return AnyValue.getDefaultInstance();
        }
        if (node.isTextual()) {
            return string(node.asText());
        }
        if (node.isBoolean()) {
            return AnyValue.newBuilder().setBoolValue(node.asBoolean()).build();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return integer(node.asLong());
        }
        if (node.isNumber()) {
            return AnyValue.newBuilder().setDoubleValue(node.asDouble()).build();
        }
        if (node.isArray() && allScalars(node)) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            node.forEach(item -> array.addValues(typed(item)));
            return AnyValue.newBuilder().setArrayValue(array).build();
        }
        // Objects and nested arrays: OTel's GenAI conventions put structured values (gen_ai.input.messages)
        // on spans as JSON text, which every backend can show.
        return string(node.toString());
    }

    private static AnyValue array(Collection<?> items) {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        items.forEach(item -> array.addValues(typed(item)));
        return AnyValue.newBuilder().setArrayValue(array).build();
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** The value as JSON text, as Python's {@code json.dumps} would write it. */
    static String json(Object value) {
        if (value instanceof JsonNode node) {
            return node.toString();
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(String.valueOf(value)).toString();
        }
    }

    private static boolean isJsonContainer(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return false;
        }
        try {
            return Json.MAPPER.readTree(trimmed).isContainerNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static AnyValue string(String text) {
        return AnyValue.newBuilder().setStringValue(text).build();
    }

    private static AnyValue integer(long value) {
        return AnyValue.newBuilder().setIntValue(value).build();
    }
}
