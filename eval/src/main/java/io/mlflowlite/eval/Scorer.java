package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.tracing.Trace;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores one row: a built-in LLM judge ({@link Correctness}, {@link Guidelines} …), a shipped code scorer
 * ({@link Scorers}), or your own — a lambda or an annotated method ({@link Scorers#from(Object)}).
 *
 * <pre>{@code
 * Scorer isConcise = Scorer.of("is_concise", outputs -> outputs.toString().length() < 200);
 * Scorer exact = Scorer.of("exact", (outputs, expectations) -> outputs.equals(expectations.get("expected_response")));
 * }</pre>
 *
 * <p>Lambdas and annotated methods may return a boolean, a number, a string, a {@link Feedback} or a list of
 * them; the engine turns each into feedbacks named after the scorer (unless named), with source
 * {@code CODE:<name>}. A lambda that throws leaves an error feedback for that row.
 *
 * <p>Contract: {@link #score} is called concurrently for different rows, so it must be thread-safe; it may block
 * (judges call models). It is not called on rows missing a {@link #requirements() requirement}: those get
 * "skipped: needs …".
 */
public interface Scorer {
    /** The name feedbacks carry by default ({@code correctness}, {@code is_concise}); unique within a run. */
    String name();

    /** What a row must have for this scorer to run; default none. */
    default List<Requirement> requirements() {
        return List.of();
    }

    /** The feedbacks for one row; never null. Thrown exceptions become an error feedback. */
    List<Feedback> score(ScorerInput input);

    /** A scorer of the outputs alone: {@code Scorer.of("is_concise", outputs -> outputs.toString().length() < 200)}. */
    static Scorer of(String name, OutputsFunction fn) {
        return new LambdaScorer(name, List.of(Requirement.OUTPUTS), in -> fn.score(in.outputs()));
    }

    /** A scorer of the outputs against the expectations. */
    static Scorer of(String name, OutputsExpectationsFunction fn) {
        return new LambdaScorer(name, List.of(Requirement.OUTPUTS), in -> fn.score(in.outputs(), in.expectations()));
    }

    /** A scorer of inputs, outputs and expectations. */
    static Scorer of(String name, InputsOutputsExpectationsFunction fn) {
        return new LambdaScorer(
                name, List.of(Requirement.OUTPUTS), in -> fn.score(in.inputs(), in.outputs(), in.expectations()));
    }

    /** A scorer of inputs, outputs, expectations and trace (the row is skipped when it has no trace). */
    static Scorer of(String name, FullFunction fn) {
        return new LambdaScorer(
                name,
                List.of(Requirement.OUTPUTS, Requirement.TRACE),
                in -> fn.score(in.inputs(), in.outputs(), in.expectations(), in.trace()));
    }

    /** A scorer of the inputs and outputs. */
    static Scorer ofInputsOutputs(String name, InputsOutputsFunction fn) {
        return new LambdaScorer(name, List.of(Requirement.OUTPUTS), in -> fn.score(in.inputs(), in.outputs()));
    }

    /** A scorer of the trace (latency, spans, tool calls); rows without a trace are skipped. */
    static Scorer ofTrace(String name, TraceFunction fn) {
        return new LambdaScorer(name, List.of(Requirement.TRACE), in -> fn.score(in.trace()));
    }

    /** A scorer of the whole {@link ScorerInput}, with the given requirements. */
    static Scorer ofInput(String name, List<Requirement> requirements, Function<ScorerInput, Object> fn) {
        return new LambdaScorer(name, requirements, fn::apply);
    }

    /** {@code (outputs) -> result}. */
    @FunctionalInterface
    interface OutputsFunction {
        Object score(Object outputs) throws Exception;
    }

    /** {@code (outputs, expectations) -> result}. */
    @FunctionalInterface
    interface OutputsExpectationsFunction {
        Object score(Object outputs, Map<String, Object> expectations) throws Exception;
    }

    /** {@code (inputs, outputs) -> result}. */
    @FunctionalInterface
    interface InputsOutputsFunction {
        Object score(Map<String, Object> inputs, Object outputs) throws Exception;
    }

    /** {@code (inputs, outputs, expectations) -> result}. */
    @FunctionalInterface
    interface InputsOutputsExpectationsFunction {
        Object score(Map<String, Object> inputs, Object outputs, Map<String, Object> expectations) throws Exception;
    }

    /** {@code (inputs, outputs, expectations, trace) -> result}. */
    @FunctionalInterface
    interface FullFunction {
        Object score(Map<String, Object> inputs, Object outputs, Map<String, Object> expectations, Trace trace)
                throws Exception;
    }

    /** {@code (trace) -> result}. */
    @FunctionalInterface
    interface TraceFunction {
        Object score(Trace trace) throws Exception;
    }
}
