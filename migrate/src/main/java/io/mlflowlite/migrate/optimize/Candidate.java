package io.mlflowlite.migrate.optimize;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One prompt the optimizer tried, in the order it tried them (candidate 0 is the starting prompt). Immutable.
 *
 * @param id              its number, from 0
 * @param parent          the candidate it was derived from; empty for the start
 * @param move            how: {@code start}, {@code reflect: <edit>} (the reflection model's {@code Edit:} line),
 *                        {@code few-shot: rows …}
 * @param template        the prompt text (a text template, or a chat template's last user message)
 * @param status          {@code start}, {@code accepted}, {@code rejected} (not better on its minibatch or on the
 *                        training rows), {@code duplicate}, {@code invalid} (lost a variable), {@code incomplete}
 *                        (the budget ran out while it was evaluated)
 * @param minibatchScore  its mean on the acceptance minibatch, and {@code parentMinibatchScore} the parent's (GEPA)
 * @param trainScore      its mean over the training rows, when it was evaluated on all of them
 * @param validationScore its mean over the validation rows, when it was a finalist
 * @param trainRowScores  its score on each training row (empty when not evaluated on all of them)
 */
public record Candidate(
        int id,
        OptionalInt parent,
        String move,
        String template,
        String status,
        OptionalDouble minibatchScore,
        OptionalDouble parentMinibatchScore,
        OptionalDouble trainScore,
        OptionalDouble validationScore,
        List<Double> trainRowScores) {

    public Candidate {
        trainRowScores = List.copyOf(trainRowScores);
    }

    /** Whether it joined the pool of candidates (the start, or accepted). */
    public boolean inPool() {
        return status.equals("start") || status.equals("accepted");
    }

    /** The move's edit for reflection moves ({@code state the output format}), if any. */
    public Optional<String> edit() {
        return move.startsWith("reflect: ") ? Optional.of(move.substring(9)) : Optional.empty();
    }
}
