package io.mlflowlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.Correctness;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.Scorers;
import io.mlflowlite.gateway.Gateway;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Evaluation on the real offline models of the embed module: the semantic-similarity scorer on all-MiniLM-L6-v2
 * orders related above unrelated answers, and the judges run on local/judge, labelled as offline.
 */
class OfflineEvaluationTest {
    private final Gateway gateway = Gateway.builder().build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private static final List<String[]> PAIRS = List.of(
            // expected, a paraphrase, an unrelated answer
            new String[] {
                "The capital of France is Paris.", "Paris is France's capital city.", "Bananas are rich in potassium."
            },
            new String[] {
                "Water boils at 100 degrees Celsius at sea level.",
                "At sea level, water reaches its boiling point at 100 °C.",
                "The train leaves at nine tomorrow."
            },
            new String[] {"A man is playing a guitar.", "A man plays the guitar.", "The stock market fell today."});

    @Test
    void semanticSimilarityOnMiniLmRanksParaphrasesAboveUnrelatedAnswers() {
        List<EvalRow> rows = new java.util.ArrayList<>();
        for (String[] pair : PAIRS) {
            rows.add(EvalRow.builder()
                    .input("id", rows.size())
                    .outputs(pair[1])
                    .expectedResponse(pair[0])
                    .build());
            rows.add(EvalRow.builder()
                    .input("id", rows.size())
                    .outputs(pair[2])
                    .expectedResponse(pair[0])
                    .build());
        }

        EvaluationResult result = Evaluation.builder()
                .data(Dataset.of(rows))
                .gateway(gateway)
                .scorers(Scorers.semanticSimilarity())
                .build()
                .run();

        for (int i = 0; i < PAIRS.size(); i++) {
            double related = similarity(result, 2 * i);
            double unrelated = similarity(result, 2 * i + 1);
            assertThat(related).as(PAIRS.get(i)[1]).isGreaterThan(unrelated + 0.4);
            assertThat(result.row(2 * i)
                            .feedback("semantic_similarity_pass")
                            .orElseThrow()
                            .value())
                    .isEqualTo(true);
            assertThat(result.row(2 * i + 1)
                            .feedback("semantic_similarity_pass")
                            .orElseThrow()
                            .value())
                    .isEqualTo(false);
        }
        assertThat(result.row(0).feedback("semantic_similarity").orElseThrow().source())
                .isEqualTo("EMBEDDING:local/all-minilm-l6-v2");
        assertThat(result.hasErrors()).isFalse();
    }

    private static double similarity(EvaluationResult result, int row) {
        return result.row(row)
                .feedback("semantic_similarity")
                .orElseThrow()
                .asNumber()
                .getAsDouble();
    }

    @Test
    void judgesRunOnTheOfflineJudgeWhenNoKeyIsSet() {
        Dataset data = Dataset.of(
                EvalRow.builder()
                        .input("question", "What is the capital of France?")
                        .outputs("It is Paris.")
                        .expectedResponse("Paris")
                        .build(),
                EvalRow.builder()
                        .input("question", "What is the capital of France?")
                        .outputs("It is Lyon.")
                        .expectedResponse("Paris")
                        .build());

        EvaluationResult result = Evaluation.builder()
                .data(data)
                .gateway(gateway)
                .scorers(new Correctness())
                .build()
                .run();

        assertThat(result.run().judgeModel()).contains("local/judge");
        assertThat(result.run().offlineJudging()).isTrue();
        Feedback right = result.row(0).feedback("correctness").orElseThrow();
        assertThat(right.value()).isEqualTo("yes");
        assertThat(right.source()).isEqualTo("LLM_JUDGE:local/judge");
        assertThat(right.metadata()).containsEntry(Feedback.OFFLINE, "true");
        assertThat(result.row(1).feedback("correctness").orElseThrow().value()).isEqualTo("no");
    }
}
