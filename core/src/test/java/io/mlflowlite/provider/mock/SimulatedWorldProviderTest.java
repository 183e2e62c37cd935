package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The simulated world at the provider: the documented latency per task, how a prompt is matched to its row, and
 * the models outside the bundled profiles.
 */
class SimulatedWorldProviderTest {
    private final TaskSet tasks = TaskSet.bundled();

    @Test
    void harderTasksTakeTheDocumentedLongerToTheFirstToken() {
        MockProvider provider = new MockProvider(MockModels.bundled());
        // docs/simulated-world.md: pro 1500 / 3500 ms median / p95, ×1.6 on word problems; mini ×1 everywhere
        assertThat(ttftMillis(provider, "pro", "word_problems", 50)).isCloseTo(2400, offset(2400 * 0.06));
        assertThat(ttftMillis(provider, "pro", "word_problems", 95)).isCloseTo(5600, offset(5600 * 0.10));
        assertThat(ttftMillis(provider, "pro", "factual", 50)).isCloseTo(1500, offset(1500 * 0.06));
        assertThat(ttftMillis(provider, "next", "extraction_long", 50)).isCloseTo(840, offset(840 * 0.06));
        assertThat(ttftMillis(provider, "mini", "word_problems", 50)).isCloseTo(250, offset(250 * 0.06));
    }

    @Test
    void theTaskIsTheQuestionThatComesLastEvenWithExamplesQuotingOtherRows() {
        List<TaskRow> rows = tasks.subset("classification");
        String prompt = "Examples:\n" + rows.get(1).question() + " -> "
                + rows.get(1).expected() + "\n" + rows.get(2).question() + " -> "
                + rows.get(2).expected() + "\n\n" + rows.get(0).question();
        assertThat(tasks.find(prompt)).isSameAs(rows.get(0));
        assertThat(PromptFeatures.detect(
                        ChatRequest.builder().model("m").addUserMessage(prompt).build(),
                        rows.get(0).question()))
                .isEqualTo(new PromptFeatures(false, false, true, false));
    }

    @Test
    void featuresAreReadFromTheWholeConversation() {
        String question = tasks.subset("word_problems").get(0).question();
        ChatRequest fewShotTurns = ChatRequest.builder()
                .model("m")
                .addSystemMessage("Show your work. You must answer in English. Output format: a number.")
                .addUserMessage("What is 2 + 2?")
                .addMessage(Message.assistant("4"))
                .addUserMessage(question)
                .build();
        assertThat(PromptFeatures.detect(fewShotTurns, question)).isEqualTo(new PromptFeatures(true, true, true, true));
        assertThat(PromptFeatures.detect(MockCalls.ask(question, null), question))
                .isEqualTo(PromptFeatures.NONE);
    }

    @Test
    void aJsonResponseFormatStatesTheFormatSoTheCandidateAnswersWithTheObjectAlone() {
        MockProvider provider = MockCalls.instantProvider();
        int plainJson = 0;
        int structuredJson = 0;
        for (TaskRow row : tasks.subset("extraction")) {
            ChatRequest plain = MockCalls.ask(row.question(), 5L);
            ChatRequest structured = ChatRequest.builder()
                    .model("mock/next")
                    .addUserMessage(row.question())
                    .seed(5L)
                    .responseFormat(ResponseFormat.JSON_OBJECT)
                    .build();
            plainJson += startsAsJson(provider.chat(call("next", plain)).content()) ? 1 : 0;
            structuredJson +=
                    startsAsJson(provider.chat(call("next", structured)).content()) ? 1 : 0;
        }
        assertThat(structuredJson).isEqualTo(25);
        assertThat(plainJson).isBetween(12, 13); // compliance 0.50 (a stratified draw) when the format is only implied
    }

    @Test
    void aModelWithoutAProfileAnswersEveryTaskWithItsAccuracyInFormat() {
        MockProvider provider = new MockProvider(MockModels.bundled()
                .withModel(
                        "turbo",
                        MockModelSpec.builder().accuracy(0.5).latencyScale(0).build()));
        assertThat(passRate(provider, "turbo", "arithmetic", q -> q)).isCloseTo(0.5, offset(0.021));
        assertThat(passRate(provider, "turbo", "classification", q -> q)).isCloseTo(0.5, offset(0.017));
        assertThat(passRate(provider, "turbo", "word_problems", q -> "Think step by step.\n" + q))
                .isCloseTo(0.5, offset(0.021));
    }

    @Test
    void aBundledNameRedefinedInAFileKeepsItsProfile() {
        MockProvider provider = new MockProvider(MockModels.bundled()
                .withModel(
                        "mini",
                        MockModels.bundled().require("mini").toBuilder()
                                .accuracy(1.0)
                                .latencyScale(0)
                                .build()));
        assertThat(passRate(provider, "mini", "word_problems", q -> q)).isCloseTo(0.30, offset(0.021));
    }

    /** The share of rows whose answer contains the expected label or number alone (arithmetic: as the last word). */
    private double passRate(MockProvider provider, String model, String family, UnaryOperator<String> prompt) {
        List<TaskRow> rows = tasks.subset(family);
        int right = 0;
        for (TaskRow row : rows) {
            String out = provider.chat(call(model, MockCalls.ask(prompt.apply(row.question()), 9L)))
                    .content()
                    .strip();
            String[] words = out.replaceAll("[.]$", "").split("\\s+");
            right += words[words.length - 1].equals(row.expected())
                            && (!family.equals("classification") || out.equals(row.expected()))
                    ? 1
                    : 0;
        }
        return right / (double) rows.size();
    }

    private double ttftMillis(MockProvider provider, String model, String subset, int percentile) {
        List<Double> samples = new ArrayList<>();
        for (TaskRow row : tasks.subset(subset)) {
            for (long seed = 1; seed <= 40; seed++) {
                samples.add(provider.plannedTiming(call(model, MockCalls.ask(row.question(), seed)))
                                .ttftNanos()
                        / 1e6);
            }
        }
        double[] sorted =
                samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.round(percentile / 100.0 * (sorted.length - 1))];
    }

    private static boolean startsAsJson(String text) {
        try {
            return Json.read(text).isObject();
        } catch (RuntimeException e) {
            return text.startsWith("{"); // a wrong answer may be cut short; it still came without prose
        }
    }
}
