package io.mlflowlite.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One dataset row: what goes into the application, optionally what came out (for scoring recorded outputs), what
 * is expected, and the trace it came from. Values are JSON-like: maps, lists, strings, numbers, booleans. Immutable.
 *
 * <pre>{@code
 * EvalRow row = EvalRow.builder().input("question", "What is the capital of France?")
 *         .expectation("expected_response", "Paris").build();
 * }</pre>
 *
 * @param inputs       what the predictFn receives ({@code question}, {@code messages} …); never null
 * @param outputs      the recorded output, scored when there is no predictFn
 * @param expectations {@code expected_response} (text), {@code expected_facts} (list of text), {@code guidelines}
 *                     (list of text), {@code context} (text or list), or anything a custom scorer reads
 * @param traceId      the trace the row came from ({@link Dataset#fromTraces})
 */
public record EvalRow(
        Map<String, Object> inputs,
        Optional<Object> outputs,
        Map<String, Object> expectations,
        Optional<String> traceId) {

    /** The expectation keys the built-in judges and scorers read. */
    public static final String EXPECTED_RESPONSE = "expected_response";

    public static final String EXPECTED_FACTS = "expected_facts";
    public static final String GUIDELINES = "guidelines";
    public static final String CONTEXT = "context";

    public EvalRow {
        inputs = copy(Objects.requireNonNull(inputs, "inputs"));
        outputs = outputs == null ? Optional.empty() : outputs;
        expectations = copy(expectations);
        traceId = traceId == null ? Optional.empty() : traceId;
    }

    private static Map<String, Object> copy(Map<String, ?> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** A row of inputs only. */
    public static EvalRow of(Map<String, ?> inputs) {
        return new EvalRow(copy(inputs), Optional.empty(), Map.of(), Optional.empty());
    }

    /** A row of inputs and expectations. */
    public static EvalRow of(Map<String, ?> inputs, Map<String, ?> expectations) {
        return new EvalRow(copy(inputs), Optional.empty(), copy(expectations), Optional.empty());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link EvalRow}s. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private final Map<String, Object> expectations = new LinkedHashMap<>();
        private Object outputs;
        private String traceId;

        private Builder() {}

        public Builder input(String key, Object value) {
            inputs.put(key, value);
            return this;
        }

        public Builder inputs(Map<String, ?> values) {
            inputs.putAll(values);
            return this;
        }
        /** The recorded output, scored when the evaluation has no predictFn. */
        public Builder outputs(Object value) {
            this.outputs = value;
            return this;
        }

        public Builder expectation(String key, Object value) {
            expectations.put(key, value);
            return this;
        }

        public Builder expectations(Map<String, ?> values) {
            expectations.putAll(values);
            return this;
        }

        public Builder expectedResponse(String text) {
            return expectation(EXPECTED_RESPONSE, text);
        }

        public Builder expectedFacts(java.util.List<String> facts) {
            return expectation(EXPECTED_FACTS, facts);
        }

        public Builder guidelines(java.util.List<String> rules) {
            return expectation(GUIDELINES, rules);
        }

        public Builder context(Object value) {
            return expectation(CONTEXT, value);
        }

        public Builder traceId(String id) {
            this.traceId = id;
            return this;
        }

        public EvalRow build() {
            return new EvalRow(inputs, Optional.ofNullable(outputs), expectations, Optional.ofNullable(traceId));
        }
    }
}
