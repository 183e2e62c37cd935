package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.json.Json;
import io.mlflowlite.migrate.optimize.Candidate;
import io.mlflowlite.migrate.optimize.OptimizationBudget;
import io.mlflowlite.migrate.optimize.OptimizationResult;
import io.mlflowlite.migrate.optimize.OptimizerAlgorithm;
import io.mlflowlite.migrate.optimize.PromptOptimizer;
import java.util.Optional;

/**
 * Step 3 on {@link PromptOptimizer}: a GEPA search for the candidate model over the migration's rows (a seeded
 * third held out for validation), its reflection on the offline {@code mock/reflect} model unless another is given,
 * checkpointed so a migration killed during the search continues it. The winner is registered as the prompt's next
 * version. Stateless and thread-safe.
 */
public final class GepaCandidateOptimizer implements CandidateOptimizer {
    private final String reflectionModel;

    /** Reflection on {@link PromptOptimizer#DEFAULT_REFLECTION_MODEL}. */
    public GepaCandidateOptimizer() {
        this(PromptOptimizer.DEFAULT_REFLECTION_MODEL);
    }

    /** Reflection on {@code reflectionModel} (a real model proposes better rewrites than the offline one). */
    public GepaCandidateOptimizer(String reflectionModel) {
        this.reflectionModel = reflectionModel;
    }

    @Override
    public Outcome optimize(Request r) {
        PromptOptimizer.Builder b = PromptOptimizer.builder()
                .gateway(r.gateway())
                .registry(r.registry())
                .prompt(r.prompt())
                .targetModel(r.model())
                .trainData(Dataset.of(r.rows()))
                .scorers(r.scorers())
                .budget(OptimizationBudget.calls(r.budget()))
                .algorithm(OptimizerAlgorithm.GEPA)
                .reflectionModel(reflectionModel)
                .seed(r.seed())
                .progress(r.progress());
        if (r.checkpoint() != null) {
            b.checkpoint(r.checkpoint());
        }
        OptimizationResult result = b.build().run();
        ObjectNode evidence = Json.object();
        evidence.put("algorithm", result.algorithm().name().toLowerCase(java.util.Locale.ROOT));
        evidence.put("start", result.startPrompt().uri().toString());
        evidence.put("best", result.bestPrompt().uri().toString());
        evidence.put("score_before", result.scoreBefore());
        evidence.put("score_after", result.scoreAfter());
        evidence.put("improved", result.improved());
        evidence.put("train_rows", result.trainRows());
        evidence.put("validation_rows", result.validationRows());
        evidence.put("calls", result.budgetUsed().calls());
        evidence.put("cost_usd", result.budgetUsed().costUsd());
        evidence.put("candidates", result.history().size());
        evidence.put("reflection_model", reflectionModel);
        Candidate best = result.bestCandidate();
        evidence.put("best_template", best.template());
        return new Outcome(
                result.improved() ? Optional.of(result.bestPrompt()) : Optional.empty(), result.summary(), evidence);
    }
}
