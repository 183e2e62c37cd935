package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads the text a judge or a text scorer compares out of JSON-like values (chat requests and responses included). */
final class TextOf {
    private static final List<String> REQUEST_KEYS = List.of("question", "query", "input", "prompt", "request");

    private TextOf() {}

    /** A string as is; a chat completion's first message content; an object with a lone text field; else JSON. */
    static String outputs(Object outputs) {
        if (outputs == null) {
            return "";
        }
        if (outputs instanceof CharSequence text) {
            return text.toString();
        }
        JsonNode json = Json.tree(outputs);
        JsonNode content = json.at("/choices/0/message/content");
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            return parts(content);
        }
        if (json.isObject() && json.size() == 1 && json.elements().next().isTextual()) {
            return json.elements().next().asText();
        }
        return json.isTextual() ? json.asText() : json.toString();
    }

    /** The last user message of {@code messages}; a lone input; question/query/input/prompt/request; else JSON. */
    static String request(Map<String, Object> inputs) {
        if (inputs.isEmpty()) {
            return "";
        }
        JsonNode json = Json.tree(inputs);
        JsonNode messages = json.path("messages");
        if (messages.isArray()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                JsonNode message = messages.get(i);
                if ("user".equals(message.path("role").asText())) {
                    JsonNode content = message.path("content");
                    return content.isArray() ? parts(content) : content.asText();
                }
            }
        }
        if (inputs.size() == 1) {
            return value(inputs.values().iterator().next());
        }
        for (String key : REQUEST_KEYS) {
            if (inputs.get(key) instanceof CharSequence text) {
                return text.toString();
            }
        }
        return json.toString();
    }

    /** Text as is; anything else as JSON. */
    static String value(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof CharSequence text
                ? text.toString()
                : Json.tree(value).toString();
    }

    /** A collection's items as texts, or one text. */
    static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                String text = value(item).strip();
                if (!text.isEmpty()) {
                    out.add(text);
                }
            }
        } else if (value != null && !value(value).isBlank()) {
            out.add(value(value).strip());
        }
        return out;
    }

    private static String parts(JsonNode content) {
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
    }
}
