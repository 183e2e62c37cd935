package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One dataset row after evaluation: what went in, what came out, and every scorer's feedback. Rows keep the
 * dataset's order ({@link #index()}) whatever order they finished in. Immutable.
 *
 * @param index        the row's position in the dataset, from 0
 * @param inputs       the row's inputs
 * @param outputs      the prediction (or the recorded output); empty when the row has none or the predictFn threw
 * @param expectations the row's expectations ({@code expected_response}, {@code expected_facts}, {@code guidelines},
 *                     {@code context} …)
 * @param traceId      the trace of the prediction (or of the recorded call), when there is one
 * @param feedbacks    one or more per scorer, in the scorers' order; skipped and failed ones included
 * @param error        why the prediction failed ({@code IllegalStateException: …}); empty when it did not
 * @param latency      how long the prediction took (the trace's duration for recorded outputs); zero if unknown
 * @param usage        the prediction's tokens and dollars (read from its trace)
 * @param judgeUsage   tokens and dollars of the judge calls this row made (cache hits cost nothing)
 */
public record RowResult(
        int index,
        Map<String, Object> inputs,
        Optional<Object> outputs,
        Map<String, Object> expectations,
        Optional<String> traceId,
        List<Feedback> feedbacks,
        Optional<String> error,
        Duration latency,
        EvalUsage usage,
        EvalUsage judgeUsage) {

    public RowResult {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        inputs = copy(inputs);
        outputs = outputs == null ? Optional.empty() : outputs;
        expectations = copy(expectations);
        traceId = traceId == null ? Optional.empty() : traceId;
        feedbacks = feedbacks == null ? List.of() : List.copyOf(feedbacks);
        error = error == null ? Optional.empty() : error;
        latency = latency == null ? Duration.ZERO : latency;
        usage = usage == null ? EvalUsage.ZERO : usage;
        judgeUsage = judgeUsage == null ? EvalUsage.ZERO : judgeUsage;
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        // LinkedHashMap, not Map.copyOf: keeps the caller's key order and allows JSON nulls as values
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The feedback called {@code name}, if this row has one. */
    public Optional<Feedback> feedback(String name) {
        return feedbacks.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Whether the prediction failed or any feedback is in error (what a resume fills). */
    public boolean hasErrors() {
        return error.isPresent() || feedbacks.stream().anyMatch(Feedback::isError);
    }

    /** Whether a resume has anything to do on this row. */
    public boolean needsRerun() {
        return error.isPresent() || feedbacks.stream().anyMatch(Feedback::needsRerun);
    }

    /** A copy with other feedbacks and judge usage. */
    public RowResult withFeedbacks(List<Feedback> newFeedbacks, EvalUsage newJudgeUsage) {
        return new RowResult(
                index,
                inputs,
                outputs,
                expectations,
                traceId,
                new ArrayList<>(newFeedbacks),
                error,
                latency,
                usage,
                newJudgeUsage);
    }

    /** {@code Objects.equals}-friendly access for code that prefers nulls. */
    public Object outputsOrNull() {
        return outputs.orElse(null);
    }

    static RowResult requireIndex(RowResult row, int expected) {
        if (row.index() != expected) {
            throw new IllegalArgumentException("row " + row.index() + " found where row " + expected + " belongs");
        }
        return Objects.requireNonNull(row);
    }
}
