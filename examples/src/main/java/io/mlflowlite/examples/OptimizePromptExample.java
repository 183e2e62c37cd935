package io.mlflowlite.examples;

import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.optimize.Candidate;
import io.mlflowlite.migrate.optimize.OptimizationBudget;
import io.mlflowlite.migrate.optimize.OptimizationResult;
import io.mlflowlite.migrate.optimize.OptimizerAlgorithm;
import io.mlflowlite.migrate.optimize.PromptOptimizer;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.provider.mock.MockModels;
import java.util.List;

/**
 * Automatic prompt optimization (docs/optimization.md): the bare question works badly on {@code mock/next} for ticket
 * classification, because that model ignores an output format nobody stated. GEPA, with the offline
 * {@code mock/reflect} reflection model and at most 300 calls, finds a better prompt by measuring and registers it
 * as version 2. Offline; pass {@code metaprompt} to use the other algorithm.
 */
public final class OptimizePromptExample {
    private OptimizePromptExample() {}

    public static void main(String[] args) {
        OptimizerAlgorithm algorithm = args.length > 0 ? OptimizerAlgorithm.parse(args[0]) : OptimizerAlgorithm.GEPA;
        try (Gateway gateway = Gateway.builder()
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            PromptRegistry registry = PromptRegistry.inMemory();
            PromptVersion start = registry.register("triage", PromptTemplate.text("{{question}}"), "the bare question");

            OptimizationResult result = PromptOptimizer.builder()
                    .gateway(gateway)
                    .registry(registry)
                    .prompt(start)
                    .targetModel("mock/next")
                    .trainData(SimulatedDatasets.load("classification"))
                    .scorers(List.of(SimulatedDatasets.scorer("classification")))
                    .budget(OptimizationBudget.calls(300))
                    .algorithm(algorithm)
                    .seed(7)
                    .progress(line -> System.out.println("  " + line))
                    .build()
                    .run();

            System.out.printf(
                    "%s: %.1f%% -> %.1f%% on %d held-out validation rows%n",
                    result.bestPrompt().uri(),
                    100 * result.scoreBefore(),
                    100 * result.scoreAfter(),
                    result.validationRows());
            System.out.println("budget used: " + result.budgetUsed());
            for (Candidate c : result.history()) {
                System.out.printf("  c%-3d %-9s %s%n", c.id(), c.status(), c.move());
            }
            System.out.println("--- the winning prompt ---");
            System.out.println(result.bestPrompt().template().text().orElseThrow());
        }
    }
}
