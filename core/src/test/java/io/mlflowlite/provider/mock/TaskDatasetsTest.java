package io.mlflowlite.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled datasets are exactly what the seeded generator writes (run {@link TaskDatasetGenerator#main} with
 * the datasets folder to rewrite them), and their rows are what the simulated models recognise.
 */
class TaskDatasetsTest {
    @Test
    void bundledDatasetsAreWhatTheSeededGeneratorWrites() throws IOException {
        Map<String, String> generated = TaskDatasetGenerator.generate();
        assertThat(generated.keySet()).containsExactlyElementsOf(TaskSet.FAMILIES);
        for (Map.Entry<String, String> file : generated.entrySet()) {
            try (InputStream in = getClass()
                    .getResourceAsStream("/io/mlflowlite/provider/mock/datasets/" + file.getKey() + ".jsonl")) {
                assertThat(in).as(file.getKey()).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as(file.getKey())
                        .isEqualTo(file.getValue());
            }
        }
    }

    @Test
    void everyFamilyHasItsRowsAndExtractionsAreShortAndLong() {
        TaskSet tasks = TaskSet.bundled();
        assertThat(tasks.subset("factual")).hasSize(50);
        assertThat(tasks.subset("arithmetic")).hasSize(50);
        assertThat(tasks.subset("word_problems")).hasSize(50);
        assertThat(tasks.subset("extraction")).hasSize(25);
        assertThat(tasks.subset("extraction_long")).hasSize(25);
        assertThat(tasks.subset("summarization")).hasSize(40);
        assertThat(tasks.subset("classification")).hasSize(60);
    }

    @Test
    void eachRowIsFoundByItsOwnQuestionInsideAPrompt() {
        TaskSet tasks = TaskSet.bundled();
        for (String subset : new String[] {
            "factual", "arithmetic", "word_problems", "extraction", "extraction_long", "summarization", "classification"
        }) {
            for (TaskRow row : tasks.subset(subset)) {
                assertThat(tasks.find("Please help.\n\n" + row.question() + "\n"))
                        .as(row.question())
                        .isSameAs(row);
            }
        }
    }

    @Test
    void theGeneralKnowledgeQuestionsAreNotTasksSoTheirAnswersAreUnchanged() {
        TaskSet tasks = TaskSet.bundled();
        for (KnowledgeSet.Fact fact : KnowledgeSet.bundled().facts()) {
            assertThat(tasks.find(fact.question())).as(fact.question()).isNull();
        }
    }

    @Test
    void noQuestionCarriesAPromptFeatureByItself() {
        for (TaskRow row : TaskSet.bundled().subset("classification")) {
            assertThat(PromptFeatures.detect(MockCalls.ask(row.question(), null), row.question()))
                    .isEqualTo(PromptFeatures.NONE);
        }
    }
}
