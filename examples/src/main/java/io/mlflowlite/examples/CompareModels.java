package io.mlflowlite.examples;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.Scorers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Today's model against a candidate on the same questions: two evaluation runs kept in a run store, compared with
 * paired confidence intervals, printed and written as an HTML report. Runs on the simulated {@code mock/*} models
 * with code scorers, offline; pass two model names to compare others.
 */
public final class CompareModels {
    private CompareModels() {}

    public static void main(String[] args) throws IOException {
        String baselineModel = args.length > 0 ? args[0] : "mock/mini";
        String candidateModel = args.length > 1 ? args[1] : "mock/pro";
        Dataset questions = Dataset.of(List.of(
                row("What is the capital of France?", "Paris"), row("What is the capital of Germany?", "Berlin"),
                row("What is the capital of Italy?", "Rome"), row("What is the capital of Spain?", "Madrid"),
                row("What is the capital of Portugal?", "Lisbon"), row("What is the chemical symbol for gold?", "Au")));

        // "memory" keeps the runs in this process; jdbc:sqlite:mlflowlite.db (with mlflowlite-store) keeps them
        try (EvalRunStore runs = EvalRunStores.open("memory")) {
            String baselineId = evaluate(runs, questions, baselineModel).run().runId();
            String candidateId = evaluate(runs, questions, candidateModel).run().runId();

            // later, or on another machine sharing the store: compare by run id
            EvalComparison comparison = EvalComparison.of(
                    runs.get(baselineId).orElseThrow(), runs.get(candidateId).orElseThrow());
            System.out.print(comparison.toTable());
            System.out.println("contains_expected delta: " + comparison.scorer("contains_expected"));

            Path report = Files.createTempFile("comparison-", ".html");
            Files.writeString(report, comparison.toHtml());
            System.out.println("HTML report: " + report);
        }
    }

    private static EvaluationResult evaluate(EvalRunStore runs, Dataset questions, String model) {
        return Evaluation.builder()
                .name(model + " on capitals")
                .model(model)
                .data(questions)
                .predictFn(inputs -> Mlflowlite.completion(
                                model, List.of(io.mlflowlite.chat.Message.user((String) inputs.get("question"))))
                        .content())
                .scorers(Scorers.containsExpected(), Scorers.latency())
                .store(runs)
                .build()
                .run();
    }

    private static EvalRow row(String question, String answer) {
        return EvalRow.of(Map.of("question", question), Map.of(EvalRow.EXPECTED_RESPONSE, answer));
    }
}
