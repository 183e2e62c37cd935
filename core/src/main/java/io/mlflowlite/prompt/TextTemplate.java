package io.mlflowlite.prompt;

import io.mlflowlite.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One string with {@code {{var}}} placeholders, parsed once. Variable names are letters, digits, {@code _},
 * {@code -} and {@code .}, with optional spaces inside the braces ({@code {{ name }}}). A lone {@code {} or
 * {@code }} is plain text. Immutable and thread-safe.
 */
final class TextTemplate {
    private final String source;
    /** Alternating literal text and variable names: even indexes are text, odd ones variables. */
    private final List<String> parts;

    private final Set<String> variables;

    private TextTemplate(String source, List<String> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < parts.size(); i += 2) {
            names.add(parts.get(i));
        }
        this.variables = Collections.unmodifiableSet(names);
    }

    /**
     * Parses {@code source}; {@code where} names it in errors ({@code template}, {@code messages[1].content}).
     *
     * @throws InvalidRequestException for {@code {{} without {@code }}}, an empty {@code {{ }}} or a name with
     *                                 other characters, giving the 1-based line and column
     */
    static TextTemplate parse(String source, String where) {
        if (source == null) {
            throw new InvalidRequestException("The " + where + " is missing", where);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                text.append(source, i, source.length());
                break;
            }
            text.append(source, i, open);
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw syntax(source, where, open, "'{{' is never closed with '}}'");
            }
            String name = source.substring(open + 2, close).strip();
            if (name.isEmpty()) {
                throw syntax(source, where, open, "'{{ }}' names no variable");
            }
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw syntax(
                        source,
                        where,
                        open,
                        "'{{" + name + "}}' is not a variable name (use letters, digits, " + "_, - and .)");
            }
            parts.add(text.toString());
            parts.add(name);
            text.setLength(0);
            i = close + 2;
        }
        parts.add(text.toString());
        return new TextTemplate(source, parts);
    }

    String source() {
        return source;
    }

    /** The variables in order of first use. */
    Set<String> variables() {
        return variables;
    }

    /** Substitutes every variable; the caller has checked that {@code values} holds them all. */
    String render(Map<String, ?> values) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (int i = 0; i < parts.size(); i++) {
            out.append(i % 2 == 0 ? parts.get(i) : String.valueOf(values.get(parts.get(i))));
        }
        return out.toString();
    }

    private static InvalidRequestException syntax(String source, String where, int offset, String problem) {
        int line = 1;
        int column = 1;
        for (int k = 0; k < offset; k++) {
            if (source.charAt(k) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new InvalidRequestException(
                "Invalid " + where + " at line " + line + ", column " + column + " (offset " + offset + "): " + problem,
                where);
    }
}
