package io.mlflowlite.eval;

import io.mlflowlite.tracing.Trace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scorer sees of one row. Immutable.
 *
 * @param inputs       the row's inputs; never null
 * @param outputs      the prediction or recorded output (String, Map, List, Number …); null when there is none
 * @param expectations the row's expectations; never null, empty when it has none
 * @param trace        the trace of the prediction or of the recorded call; null when there is none
 * @param context      the run's door to judge and embedding models (cache, limits, cost cap, accounting)
 */
public record ScorerInput(
        Map<String, Object> inputs,
        Object outputs,
        Map<String, Object> expectations,
        Trace trace,
        ScoringContext context) {

    public ScorerInput {
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        expectations = expectations == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
        Objects.requireNonNull(context, "context");
    }

    /**
     * An input outside any run, for trying or unit-testing a scorer: judge and embedding calls go straight to the
     * shared gateway ({@link ScoringContext#standalone()}).
     */
    public static ScorerInput of(Map<String, ?> inputs, Object outputs, Map<String, ?> expectations) {
        return of(inputs, outputs, expectations, null);
    }

    /** Like {@link #of(Map, Object, Map)} with a trace. */
    public static ScorerInput of(Map<String, ?> inputs, Object outputs, Map<String, ?> expectations, Trace trace) {
        return new ScorerInput(
                inputs == null ? Map.of() : new LinkedHashMap<>(inputs),
                outputs,
                expectations == null ? Map.of() : new LinkedHashMap<>(expectations),
                trace,
                ScoringContext.standalone());
    }

    /** The outputs as text: a string as is, a chat completion's message content, else the JSON. */
    public String outputsText() {
        return TextOf.outputs(outputs);
    }

    /** The request as text: the last user message of {@code messages}, a lone input, a question/query/prompt, else the JSON. */
    public String requestText() {
        return TextOf.request(inputs);
    }

    /** The expectation {@code key}, when present and not empty. */
    public Optional<Object> expectation(String key) {
        Object value = expectations.get(key);
        return Requirement.present(value) ? Optional.of(value) : Optional.empty();
    }

    /** {@code expectations.expected_response} as text. */
    public Optional<String> expectedResponse() {
        return expectation(EvalRow.EXPECTED_RESPONSE).map(TextOf::value);
    }

    /** The expectation {@code key} as a list of texts: a list's items, or one text. */
    public List<String> expectationList(String key) {
        return expectation(key).map(TextOf::list).orElse(List.of());
    }

    /** The trace, when the row has one. */
    public Optional<Trace> traceIfPresent() {
        return Optional.ofNullable(trace);
    }
}
