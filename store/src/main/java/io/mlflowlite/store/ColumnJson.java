package io.mlflowlite.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.SpanEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The text of the JSON columns, written straight to a generator instead of through a tree built for the purpose:
 * strings, longs, integers and booleans (nearly every attribute value) go out as themselves, any other value
 * through {@link Json#tree}, so the text is exactly the tree's (which writes a double as the shortest decimal,
 * {@code 1E-12}, not as {@code 1.0E-12}). Stateless.
 */
final class ColumnJson {
    /** A span without events, the usual case. */
    static final String NO_EVENTS = "[]";

    private ColumnJson() {}

    /** An attribute map as a JSON object (the form {@code TraceJson.attributesJson} gives). */
    static String attributes(Map<String, Object> attributes) {
        return write(g -> writeAttributes(g, attributes));
    }

    /** A map of strings as a JSON object. */
    static String strings(Map<String, String> values) {
        return write(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : values.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** Events as a JSON array of {name, time_unix_nano, attributes}. */
    static String events(List<SpanEvent> events) {
        if (events.isEmpty()) {
            return NO_EVENTS;
        }
        return write(g -> {
            g.writeStartArray();
            for (SpanEvent event : events) {
                g.writeStartObject();
                g.writeStringField("name", event.name());
                g.writeNumberField("time_unix_nano", event.timeNanos());
                g.writeFieldName("attributes");
                writeAttributes(g, event.attributes());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** A tree as text. */
    static String node(JsonNode node) {
        return write(g -> writeNode(g, node));
    }

    /**
     * Walks a tree onto the generator token by token, each value written the way its node writes itself, without
     * the per-call serializer provider {@link JsonGenerator#writeTree} sets up; node types this does not know go
     * through {@code writeTree}.
     */
    private static void writeNode(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    writeNode(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    default -> g.writeTree(node); // BigInteger, float: rare, exactly as the tree writes them
                }
            }
            default -> g.writeTree(node);
        }
    }

    private static void writeAttributes(JsonGenerator g, Map<String, Object> attributes) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            g.writeFieldName(e.getKey());
            Object v = e.getValue();
            if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof Long l) {
                g.writeNumber(l);
            } else if (v instanceof Integer i) {
                g.writeNumber(i);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (v == null) {
                g.writeNull();
            } else {
                writeNode(g, Json.tree(v));
            }
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    /** Writes {@code body}; a value Jackson cannot write is an {@link IllegalArgumentException}, as for a tree. */
    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            body.write(g);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
