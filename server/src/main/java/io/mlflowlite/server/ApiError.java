package io.mlflowlite.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.util.Map;

/**
 * An error as OpenAI's API sends it, so every OpenAI SDK raises the exception its users already catch:
 * the HTTP status, and {@code {"error": {"message", "type", "param", "code"}}} as the body.
 *
 * @param status  the HTTP status
 * @param type    OpenAI's error type, such as {@code invalid_request_error}
 * @param code    a machine-readable code, such as {@code model_not_found}; null when none
 * @param param   the request field at fault, such as {@code messages[2].role}; null when none
 * @param message what went wrong and, where we can tell, how to fix it
 * @param headers extra response headers, such as {@code Retry-After}
 */
record ApiError(int status, String type, String code, String param, String message, Map<String, String> headers) {
    ApiError {
        headers = Map.copyOf(headers);
    }

    static ApiError of(int status, String type, String code, String message) {
        return new ApiError(status, type, code, null, message, Map.of());
    }

    static ApiError invalidRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", null, param, message, Map.of());
    }

    ApiError withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiError(status, type, code, param, message, more);
    }

    /** {@code {"error": {...}}}, the body of an error response and of a mid-stream error event. */
    ObjectNode toJson() {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return body;
    }

    /** The body in {@code style}: OpenAI's, or Anthropic's {@code {"type":"error","error":{type, message}}}. */
    byte[] toBytes(Route.ErrorStyle style) {
        if (style == Route.ErrorStyle.ANTHROPIC) {
            return io.mlflowlite.server.anthropic.AnthropicWire.errorJson(
                            status, io.mlflowlite.server.anthropic.AnthropicWire.errorType(status), message)
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return toBytes();
    }

    byte[] toBytes() {
        return toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
