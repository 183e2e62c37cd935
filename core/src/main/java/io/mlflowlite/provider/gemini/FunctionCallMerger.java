package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts one candidate's function calls together. A call usually arrives whole in one {@code functionCall} part;
 * Vertex AI can stream its arguments instead ({@code streamFunctionCallArguments}): a named part with
 * {@code willContinue: true}, then parts without a name whose {@code args} or {@code partialArgs}
 * ({@code jsonPath} + value, string values continued while their own {@code willContinue} is true) add to it,
 * until a part without {@code willContinue}. Those parts make one call, not one unnamed call each. Calls are
 * numbered in the order they start, as {@link ToolCallIds} wants. Not thread-safe: one per candidate.
 */
final class FunctionCallMerger {
    private static final Pattern SEGMENT =
            Pattern.compile("\\.([A-Za-z0-9_$-]+)|\\[(\\d+)]|\\['([^']*)']|\\[\"([^\"]*)\"]");

    private int started;
    private Open open;

    private static final class Open {
        final int ordinal;
        final String name;
        final String geminiId;
        String signature;
        final ObjectNode args = Json.object();
        String continuedPath; // the jsonPath whose string value the next partial continues

        Open(int ordinal, String name, String geminiId, String signature) {
            this.ordinal = ordinal;
            this.name = name;
            this.geminiId = geminiId;
            this.signature = signature;
        }
    }

    /** A call with its position among the candidate's calls. */
    record Numbered(int ordinal, ToolCall call) {}

    /** Starts counting calls at {@code first} (the calls an earlier chunk of the stream already had). */
    FunctionCallMerger(int first) {
        this.started = first;
    }

    /** The calls {@code part} (holding a {@code functionCall}) completes; empty while one is still arriving. */
    List<Numbered> add(JsonNode part) {
        JsonNode call = part.get("functionCall");
        List<Numbered> done = new ArrayList<>();
        String name = Json.text(call, "name");
        String signature = Json.text(part, "thoughtSignature");
        if (name != null && !name.isEmpty()) {
            if (open != null) {
                done.add(finish());
            }
            open = new Open(started++, name, Json.text(call, "id"), signature);
        } else if (open == null) {
            if (call.isEmpty() || !call.has("args") && !call.has("partialArgs")) {
                return done; // an empty closing part after a call already whole
            }
            open = new Open(started++, null, Json.text(call, "id"), signature);
        } else if (open.signature == null) {
            open.signature = signature;
        }
        JsonNode args = call.get("args");
        if (args != null && args.isObject()) {
            merge(open.args, args);
        }
        JsonNode partials = call.get("partialArgs");
        if (partials != null && partials.isArray()) {
            partials.forEach(this::applyPartial);
        }
        if (!call.path("willContinue").asBoolean(false)) {
            done.add(finish());
        }
        return done;
    }

    /** The call still arriving, completed as it stands (the candidate finished or the stream ended); or null. */
    Numbered flush() {
        return open == null ? null : finish();
    }

    /** How many calls have started so far. */
    int count() {
        return started;
    }

    private Numbered finish() {
        Open call = open;
        open = null;
        String id = ToolCallIds.of(call.ordinal, call.name, call.geminiId, call.signature);
        return new Numbered(call.ordinal, new ToolCall(id, call.name, call.args.toString()));
    }

    private void applyPartial(JsonNode partial) {
        String path = Json.text(partial, "jsonPath");
        JsonNode value = partialValue(partial);
        if (path == null || value == null) {
            return;
        }
        boolean continues = partial.path("willContinue").asBoolean(false);
        JsonNode before = at(open.args, path);
        if (value.isTextual() && path.equals(open.continuedPath) && before != null && before.isTextual()) {
            value = JsonNodeFactory.instance.textNode(before.asText() + value.asText());
        }
        set(open.args, path, value);
        open.continuedPath = continues ? path : null;
    }

    private static JsonNode partialValue(JsonNode partial) {
        for (String field : List.of("stringValue", "numberValue", "boolValue")) {
            if (partial.has(field)) {
                return partial.get(field);
            }
        }
        return partial.has("nullValue") ? JsonNodeFactory.instance.nullNode() : null;
    }

    private static void merge(ObjectNode target, JsonNode more) {
        more.properties().forEach(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode object && e.getValue().isObject()) {
                merge(object, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    private static List<Object> segments(String path) {
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path.startsWith("$") ? path.substring(1) : path);
        while (m.find()) {
            if (m.group(1) != null) {
                segments.add(m.group(1));
            } else if (m.group(2) != null) {
                segments.add(Integer.parseInt(m.group(2)));
            } else {
                segments.add(m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        return segments;
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (Object segment : segments(path)) {
            node = segment instanceof Integer i ? node.path(i) : node.path((String) segment);
        }
        return node.isMissingNode() ? null : node;
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        List<Object> segments = segments(path);
        if (segments.isEmpty()) {
            return;
        }
        JsonNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            node = child(node, segments.get(i), segments.get(i + 1) instanceof Integer);
        }
        Object last = segments.getLast();
        if (last instanceof Integer index && node instanceof ArrayNode array) {
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, value);
        } else if (last instanceof String key && node instanceof ObjectNode object) {
            object.set(key, value);
        }
    }

    private static JsonNode child(JsonNode node, Object segment, boolean arrayNext) {
        JsonNode existing = segment instanceof Integer i ? node.path(i) : node.path((String) segment);
        if (existing.isContainerNode()) {
            return existing;
        }
        JsonNode created = arrayNext ? Json.array() : Json.object();
        if (segment instanceof Integer index && node instanceof ArrayNode array) {
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, created);
        } else if (segment instanceof String key && node instanceof ObjectNode object) {
            object.set(key, created);
        }
        return created;
    }
}
