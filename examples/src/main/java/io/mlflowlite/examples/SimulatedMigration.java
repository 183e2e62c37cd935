package io.mlflowlite.examples;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import java.math.BigDecimal;

/**
 * Should we move from today's model to the new one? Both run on every dataset of the simulated world
 * (docs/simulated-world.md) with the same prompt, scored by each family's exact scorer, and the table shows what
 * the move gains and where it regresses. Offline; pass two simulated model names to compare others.
 */
public final class SimulatedMigration {
    private SimulatedMigration() {}

    public static void main(String[] args) {
        String today = args.length > 0 ? args[0] : "mock/pro";
        String candidate = args.length > 1 ? args[1] : "mock/next";
        // the simulated waits at 0: the models' latencies are documented, not needed to compare answers
        try (Gateway gateway = Gateway.builder()
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            System.out.printf("%-15s %10s %10s %8s%n", "family", today, candidate, "change");
            BigDecimal todayCost = BigDecimal.ZERO;
            BigDecimal candidateCost = BigDecimal.ZERO;
            for (String family : SimulatedDatasets.FAMILIES) {
                EvaluationResult a = evaluate(gateway, today, family);
                EvaluationResult b = evaluate(gateway, candidate, family);
                double before = passRate(a);
                double after = passRate(b);
                System.out.printf(
                        "%-15s %9.1f%% %9.1f%% %+7.1f%s%n",
                        family,
                        100 * before,
                        100 * after,
                        100 * (after - before),
                        after < before - 0.02 ? "  <- regression" : "");
                todayCost = todayCost.add(a.run().appUsage().costUsd());
                candidateCost = candidateCost.add(b.run().appUsage().costUsd());
            }
            System.out.printf(
                    "cost of the 300 rows: %s $%s, %s $%s%n",
                    today, todayCost.toPlainString(), candidate, candidateCost.toPlainString());
        }
    }

    private static EvaluationResult evaluate(Gateway gateway, String model, String family) {
        return Evaluation.builder()
                .name(model + " on " + family)
                .model(model)
                .data(SimulatedDatasets.load(family))
                .predictFn(inputs -> gateway.completion(ChatRequest.builder()
                        .model(model)
                        .addUserMessage(inputs.get("question") + "\n\nRespond with only the answer.")
                        .seed(1L)
                        .build()))
                .scorers(SimulatedDatasets.scorer(family))
                .gateway(gateway)
                .build()
                .run();
    }

    private static double passRate(EvaluationResult result) {
        String scorer = result.aggregateScores().names().get(0);
        return result.aggregateScores().require(scorer).passRate().orElse(0);
    }
}
