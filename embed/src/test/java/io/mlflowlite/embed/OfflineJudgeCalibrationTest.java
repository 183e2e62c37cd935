package io.mlflowlite.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Where the thresholds of {@link Thresholds} sit on the real model: each kind of pair lands on the side its
 * threshold promises. A newer model version that moved these would fail here before it skewed any verdict.
 */
class OfflineJudgeCalibrationTest {
    private final MiniLmEmbedder minilm = MiniLmEmbedder.shared();

    @Test
    void paraphrasesClearTheSameAnswerThreshold() {
        assertThat(minilm.similarity("The capital of France is Paris.", "Paris is the capital of France."))
                .isGreaterThanOrEqualTo(Thresholds.SAME_ANSWER);
        assertThat(minilm.similarity(
                        "Water boils at 100 degrees Celsius at sea level.", "At sea level, water boils at 100 °C."))
                .isGreaterThanOrEqualTo(Thresholds.SAME_ANSWER);
        assertThat(minilm.similarity("The capital of France is Paris.", "Paris"))
                .isGreaterThanOrEqualTo(Thresholds.SAME_ANSWER_WITH_TERMS)
                .isLessThan(Thresholds.SAME_ANSWER);
    }

    @Test
    void sameTopicDifferentFactsScoreHighSoLiteralChecksAreNeeded() {
        // why Support also demands numbers, names and polarity: similarity alone would accept these
        assertThat(minilm.similarity("The capital of France is Paris.", "The capital of France is Lyon."))
                .isGreaterThanOrEqualTo(Thresholds.SUPPORTED);
        assertThat(minilm.similarity(
                        "The Eiffel Tower was completed in 1889.", "The Eiffel Tower was completed in 1999."))
                .isGreaterThanOrEqualTo(Thresholds.SUPPORTED);
        assertThat(minilm.similarity("Paris is the capital of France.", "Paris is not the capital of France."))
                .isGreaterThanOrEqualTo(Thresholds.SUPPORTED);
        assertThat(minilm.similarity(
                        "MLflow was created by Databricks",
                        "MLflow is an open-source platform that tracks experiments and manages models."))
                .isGreaterThanOrEqualTo(Thresholds.SUPPORTED);
    }

    @Test
    void answersClearTheRelevanceThresholdAndOffTopicRepliesDoNot() {
        assertThat(minilm.similarity("What is the capital of France?", "Paris."))
                .isGreaterThanOrEqualTo(Thresholds.RELEVANT);
        assertThat(minilm.similarity("How do I reset my password?", "Go to Settings > Security and choose Reset."))
                .isGreaterThanOrEqualTo(Thresholds.RELEVANT);
        assertThat(minilm.similarity("What is the capital of France?", "I like turtles."))
                .isLessThan(Thresholds.RELEVANT);
        assertThat(minilm.similarity("How do I reset my password?", "Our office is open Monday to Friday from 9 to 5."))
                .isLessThan(Thresholds.RELEVANT);
        assertThat(minilm.similarity("What is MLflow?", "Bananas are rich in potassium."))
                .isLessThan(Thresholds.RELEVANT);
    }

    @Test
    void aShortPronounSentenceNeedsItsContentWordsToCountAsSupported() {
        double score =
                minilm.similarity("It was released in 2018.", "MLflow was first released by Databricks in June 2018.");

        assertThat(score).isLessThan(Thresholds.SUPPORTED).isGreaterThanOrEqualTo(Thresholds.SUPPORTED_WITH_OVERLAP);
        assertThat(minilm.similarity(
                        "It is maintained by Google.", "MLflow was first released by Databricks in June 2018."))
                .isLessThan(Thresholds.SUPPORTED_WITH_OVERLAP);
    }
}
