package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A value's JSON with object keys sorted and numbers in their plain shortest form, so equal data gives equal text
 * whatever its key order or number types ({@code 1}, {@code 1L} and {@code 1.0} read alike). Stateless.
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(Json.tree(value), out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : ",").append(Json.MAPPER.getNodeFactory().textNode(keys.get(i))).append(':');
                write(node.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber() && !(node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()))) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            out.append(node);
        }
    }
}
