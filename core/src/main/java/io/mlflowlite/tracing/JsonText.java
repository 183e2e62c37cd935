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
 * {@link TraceJson}'s format as text, written straight into a {@link StringBuilder} instead of through a tree or
 * a Jackson generator: strings, longs, integers, booleans and the trees' plain nodes (nearly every value of a
 * trace) are appended as themselves, escaped exactly as Jackson escapes them; any other value (a double
 * attribute, a big integer, a value only data binding can write) goes through Jackson, so the text is exactly the
 * tree's (which writes a double attribute as the shortest decimal, {@code 1E-12}, not as {@code 1.0E-12}). A
 * span's inputs, outputs and attributes go in as the text the span already holds ({@link Span#inputsJson()} …),
 * so they are written once however often the span is. Stateless.
 */
final class JsonText {
    /** A span without events, the usual case. */
    static final String NO_EVENTS = "[]";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {}

    /** An attribute map as a JSON object (the form {@link TraceJson#attributesJson} gives). */
    static String attributes(Map<String, Object> attributes) {
        StringBuilder out = new StringBuilder(64 + 48 * attributes.size());
        writeAttributes(out, attributes);
        return out.toString();
    }

    /** A map of strings as a JSON object. */
    static String strings(Map<String, String> values) {
        StringBuilder out = new StringBuilder(64 + 48 * values.size());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            first = comma(out, first);
            string(out, e.getKey()).append(':');
            if (e.getValue() == null) {
                out.append("null");
            } else {
                string(out, e.getValue());
            }
        }
        return out.append('}').toString();
    }

    /** Events as a JSON array of {name, time_unix_nano, attributes}. */
    static String events(List<SpanEvent> events) {
        if (events.isEmpty()) {
            return NO_EVENTS;
        }
        StringBuilder out = new StringBuilder(128 * events.size());
        out.append('[');
        boolean first = true;
        for (SpanEvent event : events) {
            first = comma(out, first);
            out.append("{\"name\":");
            nullableString(out, event.name());
            out.append(",\"time_unix_nano\":").append(event.timeNanos()).append(",\"attributes\":");
            writeAttributes(out, event.attributes());
            out.append('}');
        }
        return out.append(']').toString();
    }

    /** A tree as text. */
    static String node(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        writeNode(out, node);
        return out.toString();
    }

    /** A trace as the JSON object {@link TraceJson#toJson} gives, as text (one line). */
    static String trace(Trace trace) {
        StringBuilder out = new StringBuilder(2048);
        out.append("{\"info\":");
        writeNode(out, TraceJson.infoJson(trace.info()));
        out.append(",\"spans\":[");
        boolean first = true;
        for (Span s : trace.spans()) {
            first = comma(out, first);
            out.append("{\"trace_id\":");
            nullableString(out, s.traceId());
            out.append(",\"span_id\":");
            nullableString(out, s.spanId());
            out.append(",\"parent_span_id\":");
            nullableString(out, s.parentId());
            out.append(",\"name\":");
            nullableString(out, s.name());
            out.append(",\"span_type\":");
            nullableString(out, s.type().name());
            out.append(",\"start_time_unix_nano\":").append(s.startNanos());
            out.append(",\"end_time_unix_nano\":").append(s.endNanos());
            out.append(",\"status\":");
            nullableString(out, s.status().name());
            out.append(",\"status_message\":");
            nullableString(out, s.statusMessage());
            out.append(",\"inputs\":").append(s.inputsJson() == null ? "null" : s.inputsJson());
            out.append(",\"outputs\":").append(s.outputsJson() == null ? "null" : s.outputsJson());
            out.append(",\"attributes\":").append(s.attributesJson());
            out.append(",\"events\":").append(s.eventsJson()).append('}');
        }
        return out.append("]}").toString();
    }

    private static boolean comma(StringBuilder out, boolean first) {
        if (!first) {
            out.append(',');
        }
        return false;
    }

    /**
     * Walks a tree onto {@code out}, each plain value written the way its node writes itself; numbers other than
     * ints, longs and doubles, and node types this does not know, go through Jackson.
     */
    private static void writeNode(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    first = comma(out, first);
                    string(out, field.getKey()).append(':');
                    writeNode(out, field.getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonNode element : node) {
                    first = comma(out, first);
                    writeNode(out, element);
                }
                out.append(']');
            }
            case STRING -> string(out, node.textValue());
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.append(node.intValue());
                    case LONG -> out.append(node.longValue());
                    case BIG_DECIMAL -> out.append(node.decimalValue().toString());
                    case DOUBLE -> {
                        double d = node.doubleValue();
                        if (Double.isFinite(d)) {
                            out.append(Double.toString(d));
                        } else {
                            out.append(jackson(g -> g.writeTree(node))); // quoted "NaN", as Jackson writes it
                        }
                    }
                    default -> out.append(jackson(g -> g.writeTree(node))); // BigInteger, float: rare
                }
            }
            default -> out.append(jackson(g -> g.writeTree(node)));
        }
    }

    private static void writeAttributes(StringBuilder out, Map<String, Object> attributes) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            first = comma(out, first);
            string(out, e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof String s) {
                string(out, s);
            } else if (v instanceof Long l) {
                out.append(l.longValue());
            } else if (v instanceof Integer i) {
                out.append(i.intValue());
            } else if (v instanceof Boolean b) {
                out.append(b.booleanValue());
            } else if (v == null) {
                out.append("null");
            } else {
                writeNode(out, Json.tree(v));
            }
        }
        out.append('}');
    }

    private static void nullableString(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
    }

    /**
     * {@code value} as a JSON string, escaped as Jackson escapes it by default: quote, backslash and the control
     * characters below U+0020 (backspace, tab, newline, form feed and carriage return by their letters, the rest as a four-digit unicode escape); every other
     * character as it is. A string with nothing to escape (nearly all) is appended in one copy.
     */
    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        int n = value.length();
        int clean = 0;
        while (clean < n) {
            char c = value.charAt(clean);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            clean++;
        }
        if (clean == n) {
            return out.append(value).append('"');
        }
        out.append(value, 0, clean);
        for (int i = clean; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                out.append(c);
                continue;
            }
            out.append('\\');
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.append('"');
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    /**
     * What Jackson writes for a value this class does not write itself, using its own segmented buffer from its
     * recycler, as {@code ObjectMapper.writeValueAsString} does; a value Jackson cannot write is an
     * {@link IllegalArgumentException}, as for a tree.
     */
    private static String jackson(Body body) {
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
