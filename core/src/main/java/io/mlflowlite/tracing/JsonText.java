package io.mlflowlite.tracing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@link TraceJson}'s format as text, written straight to a generator instead of through a tree built for the
 * purpose: strings, longs, integers and booleans (nearly every attribute value) go out as themselves, any other
 * value through {@link Json#tree}, so the text is exactly the tree's (which writes a double as the shortest
 * decimal, {@code 1E-12}, not as {@code 1.0E-12}). A span's inputs, outputs and attributes go in as the text the
 * span already holds ({@link Span#inputsJson()} …), so they are written once however often the span is. Stateless.
 */
final class JsonText {
    /** A span without events, the usual case. */
    static final String NO_EVENTS = "[]";

    private JsonText() {}

    /** An attribute map as a JSON object (the form {@link TraceJson#attributesJson} gives). */
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

    /** A trace as the JSON object {@link TraceJson#toJson} gives, as text (one line). */
    static String trace(Trace trace) {
        return write(g -> {
            g.writeStartObject();
            g.writeFieldName("info");
            writeNode(g, TraceJson.infoJson(trace.info()));
            g.writeArrayFieldStart("spans");
            for (Span s : trace.spans()) {
                g.writeStartObject();
                g.writeStringField("trace_id", s.traceId());
                g.writeStringField("span_id", s.spanId());
                g.writeStringField("parent_span_id", s.parentId());
                g.writeStringField("name", s.name());
                g.writeStringField("span_type", s.type().name());
                g.writeNumberField("start_time_unix_nano", s.startNanos());
                g.writeNumberField("end_time_unix_nano", s.endNanos());
                g.writeStringField("status", s.status().name());
                g.writeStringField("status_message", s.statusMessage());
                g.writeFieldName("inputs");
                writeRaw(g, s.inputsJson());
                g.writeFieldName("outputs");
                writeRaw(g, s.outputsJson());
                g.writeFieldName("attributes");
                g.writeRawValue(s.attributesJson());
                g.writeFieldName("events");
                g.writeRawValue(s.eventsJson());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeRaw(JsonGenerator g, String json) throws IOException {
        if (json == null) {
            g.writeNull();
        } else {
            g.writeRawValue(json);
        }
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

    /**
     * Writes {@code body} into Jackson's own segmented buffer from its recycler, as
     * {@code ObjectMapper.writeValueAsString} does (no synchronized {@code StringWriter} growing by copies); a value
     * Jackson cannot write is an {@link IllegalArgumentException}, as for a tree.
     */
    private static String write(Body body) {
        BufferRecycler buffers = Json.MAPPER.getFactory()._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(buffers)) {
            try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
                body.write(g);
            }
            return out.getAndClear();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        } finally {
            buffers.releaseToPool();
        }
    }
}
