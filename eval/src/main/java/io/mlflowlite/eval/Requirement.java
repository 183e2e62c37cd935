package io.mlflowlite.eval;

import io.mlflowlite.tracing.SpanType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something a scorer needs from a row, met when any one of its paths is present:
 * {@code inputs}, {@code inputs.<key>}, {@code outputs}, {@code expectations.<key>}, {@code trace}, or
 * {@code trace.retriever} (a RETRIEVER span with outputs). Empty strings, lists and maps count as absent. A row that
 * lacks it gets the scorer's feedback "skipped: needs …" instead of a score. Immutable.
 *
 * @param anyOf the paths, any one of which suffices
 */
public record Requirement(List<String> anyOf) {
    public static final Requirement OUTPUTS = of("outputs");
    public static final Requirement TRACE = of("trace");
    public static final Requirement INPUTS = of("inputs");

    public Requirement {
        anyOf = List.copyOf(anyOf);
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("a requirement names at least one path");
        }
        for (String path : anyOf) {
            boolean known = path.equals("inputs")
                    || path.equals("outputs")
                    || path.equals("trace")
                    || path.equals("trace.retriever")
                    || (path.startsWith("inputs.") && path.length() > 7)
                    || (path.startsWith("expectations.") && path.length() > 13);
            if (!known) {
                throw new IllegalArgumentException("unknown path '" + path + "': use inputs, inputs.<key>, outputs, "
                        + "expectations.<key>, trace or trace.retriever");
            }
        }
    }

    /** Needs {@code path}. */
    public static Requirement of(String path) {
        return new Requirement(List.of(path));
    }

    /** Needs any one of {@code paths}. */
    public static Requirement anyOf(String... paths) {
        return new Requirement(List.of(paths));
    }

    /** Whether {@code input} has any of the paths. */
    public boolean isMet(ScorerInput input) {
        return anyOf.stream().anyMatch(path -> present(input, path));
    }

    /** {@code expectations.expected_response or expectations.expected_facts}. */
    public String describe() {
        return String.join(" or ", anyOf);
    }

    private static boolean present(ScorerInput input, String path) {
        return switch (path) {
            case "inputs" -> !input.inputs().isEmpty();
            case "outputs" -> present(input.outputs());
            case "trace" -> input.trace() != null;
            case "trace.retriever" ->
                input.trace() != null
                        && input.trace().spans().stream()
                                .anyMatch(s -> s.type() == SpanType.RETRIEVER
                                        && s.outputs() != null
                                        && !s.outputs().isNull());
            default -> {
                int dot = path.indexOf('.');
                Map<String, Object> map = path.startsWith("inputs.") ? input.inputs() : input.expectations();
                yield present(map.get(path.substring(dot + 1)));
            }
        };
    }

    static boolean present(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof CharSequence text) {
            return !text.toString().isBlank();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The first of {@code requirements} that {@code input} does not meet, described; null when all are met. */
    static String firstUnmet(List<Requirement> requirements, ScorerInput input) {
        for (Requirement r : requirements) {
            if (!r.isMet(Objects.requireNonNull(input))) {
                return r.describe();
            }
        }
        return null;
    }
}
