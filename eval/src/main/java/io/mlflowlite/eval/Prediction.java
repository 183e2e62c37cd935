package io.mlflowlite.eval;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One call of the predictFn inside a {@code predict} span, so the gateway calls it makes on this thread land in
 * the row's one trace; latency, tokens and dollars are read from that trace once its root span ended.
 */
record Prediction(
        Optional<Object> outputs,
        Optional<String> error,
        Optional<String> traceId,
        Optional<Trace> trace,
        Duration latency,
        EvalUsage usage) {

    /** Trace tag naming the run a prediction belongs to. */
    static final String RUN_TAG = "mlflowlite.eval.run_id";
    /** Trace tag naming the dataset row a prediction was made for. */
    static final String ROW_TAG = "mlflowlite.eval.row";

    static Prediction run(PredictFn predictFn, Map<String, Object> inputs, String runId, int index) {
        long started = System.nanoTime();
        Object outputs = null;
        String error = null;
        String traceId;
        try (ActiveSpan span = Tracer.start("predict", SpanType.CHAIN)) {
            traceId = span.traceId();
            try {
                span.setInputs(inputs);
            } catch (IllegalArgumentException e) {
                span.setInputs(String.valueOf(inputs)); // inputs Jackson cannot write still get a readable span
            }
            Tracer.updateCurrentTrace(null, null, Map.of(RUN_TAG, runId, ROW_TAG, Integer.toString(index)));
            try {
                outputs = recordable(predictFn.predict(inputs));
                span.setOutputs(outputs); // JSON-like by now, so this cannot fail
            } catch (Exception e) {
                span.recordError(e);
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        Duration measured = Duration.ofNanos(System.nanoTime() - started);
        // the root span has ended, so the trace is recorded now unless a stream the predictFn left open outlives it
        Optional<Trace> trace = Tracing.global().getTrace(traceId);
        Duration latency = trace.map(t -> t.info().duration()).orElse(measured);
        EvalUsage usage = trace.map(Prediction::usage).orElse(EvalUsage.ZERO);
        return new Prediction(
                Optional.ofNullable(outputs), Optional.ofNullable(error), Optional.of(traceId), trace, latency, usage);
    }

    static EvalUsage usage(Trace trace) {
        return new EvalUsage(
                trace.info().inputTokens(),
                trace.info().outputTokens(),
                trace.info().cost());
    }

    /** Text stays text; a ChatResponse is its content; other objects become JSON-like maps and lists. */
    private static Object recordable(Object value) {
        if (value == null || value instanceof String) {
            return value;
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof ChatResponse response) {
            return response.content();
        }
        try {
            return EvalJson.value(Json.tree(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the output (a " + value.getClass().getName() + ") cannot be recorded as JSON: " + e.getMessage(),
                    e);
        }
    }
}
