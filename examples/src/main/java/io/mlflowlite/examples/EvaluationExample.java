package io.mlflowlite.examples;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.eval.Correctness;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.Guidelines;
import io.mlflowlite.eval.RowResult;
import io.mlflowlite.eval.Scorer;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation example: a few questions with expected answers, answered by a simulated model, scored by
 * the Correctness and Guidelines judges and a one-line custom scorer. With no API key the judges run on the
 * offline {@code local/judge} (module mlflowlite-embed: embedding similarity and simple checks), and the results
 * say so; set OPENAI_API_KEY or ANTHROPIC_API_KEY (or Mlflowlite.setDefaultJudgeModel) for LLM judges.
 * Pass another app model as the first argument.
 */
public final class EvaluationExample {
    private EvaluationExample() {}

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mock/balanced";
        Dataset data = Dataset.of(
                EvalRow.builder()
                        .input("question", "What is the capital of France?")
                        .expectedResponse("Paris")
                        .build(),
                EvalRow.builder()
                        .input("question", "What is the capital of Japan?")
                        .expectedResponse("Tokyo")
                        .build(),
                EvalRow.builder()
                        .input("question", "What is the capital of Italy?")
                        .expectedFacts(List.of("Rome"))
                        .build(),
                EvalRow.builder()
                        .input("question", "What is the capital of Spain?")
                        .expectedResponse("Madrid")
                        .build(),
                EvalRow.builder()
                        .input("question", "What is the capital of Germany?")
                        .expectedResponse("Berlin")
                        .build(),
                // not in the simulated models' knowledge: expect a failing row
                EvalRow.builder()
                        .input("question", "Which river flows through Ulaanbaatar?")
                        .expectedResponse("The Tuul River")
                        .build());

        Scorer isConcise = Scorer.of("is_concise", outputs -> outputs.toString().length() < 200);

        EvaluationResult result = Mlflowlite.evaluate(
                data,
                inputs ->
                        Mlflowlite.query(model, (String) inputs.get("question")).content(),
                new Correctness(),
                new Guidelines("english", "The response must be in English"),
                isConcise);

        System.out.println(result.aggregateScores());
        System.out.println(result.toTable());
        for (RowResult row : result.rows()) {
            row.feedback("correctness")
                    .filter(f -> f.asBoolean().equals(Optional.of(false)))
                    .ifPresent(f -> System.out.println("row " + row.index() + " is not correct: " + f.rationale()));
        }
    }
}
