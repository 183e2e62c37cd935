package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Step 3 of a migration: searches a better prompt for the candidate model where it under-performs today's
 * configuration. The migration re-evaluates the candidate with the prompt it returns, so the comparison and the
 * gate see the optimized candidate.
 */
public interface CandidateOptimizer {
    /**
     * What the optimizer gets.
     *
     * @param gateway  the gateway to call the model (and judges) through
     * @param registry where the better prompt is registered as a new version
     * @param prompt   today's prompt version
     * @param model    the candidate model
     * @param rows     the migration's dataset
     * @param scorers  the migration's scorers
     * @param budget   the most model calls to spend
     * @param seed     the seed of every draw
     * @param progress   hears progress lines
     * @param checkpoint a file the search saves its state to after every step and continues from, or null
     */
    record Request(
            Gateway gateway,
            PromptRegistry registry,
            PromptVersion prompt,
            String model,
            List<EvalRow> rows,
            List<Scorer> scorers,
            int budget,
            long seed,
            Consumer<String> progress,
            java.nio.file.Path checkpoint) {}

    /**
     * What it found.
     *
     * @param improved the registered version that scored better on held-out rows, or empty
     * @param summary  one sentence: the score before and after, the calls spent
     * @param evidence the numbers behind it
     */
    record Outcome(Optional<PromptVersion> improved, String summary, ObjectNode evidence) {}

    /** Runs the search; the migration records its outcome. */
    Outcome optimize(Request request);
}
