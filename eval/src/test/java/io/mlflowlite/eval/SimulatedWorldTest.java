package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModelSpec;
import io.mlflowlite.provider.mock.MockModels;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated world measured the way a user measures it: every model on every bundled dataset through the real
 * Gateway and evaluation code, scored by each family's code scorer, against the profiles docs/simulated-world.md
 * states. The draws are stratified, so a subset's measured accuracy is within one row of its profile.
 */
class SimulatedWorldTest {
    /** The documented accuracy (docs/simulated-world.md), extraction as the mean of its short and long halves. */
    private static final Map<String, Map<String, Double>> DOCUMENTED = new LinkedHashMap<>();

    static {
        DOCUMENTED.put("mini", family(0.70, 0.85, 0.30, (0.85 + 0.35) / 2, 0.60, 0.80));
        DOCUMENTED.put("balanced", family(0.85, 0.92, 0.65, (0.90 + 0.70) / 2, 0.80, 0.86));
        DOCUMENTED.put("pro", family(0.96, 0.98, 0.90, (0.97 + 0.93) / 2, 0.92, 0.94));
        DOCUMENTED.put("next", family(0.97, 0.99, 0.94, (0.98 + 0.96) / 2, 0.95, 0.82));
        DOCUMENTED.put("flaky", family(0.80, 0.85, 0.30, (0.85 + 0.35) / 2, 0.60, 0.80));
    }

    private static Map<String, Double> family(double... accuracy) {
        Map<String, Double> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < accuracy.length; i++) {
            byFamily.put(SimulatedDatasets.FAMILIES.get(i), accuracy[i]);
        }
        return byFamily;
    }

    /** The bundled models without latency, and flaky without its faults (its profile is kept: it goes by name). */
    private static final Gateway GATEWAY = gateway();

    private static Gateway gateway() {
        MockModelSpec flaky = MockModels.bundled().require("flaky");
        return Gateway.builder()
                .mockModels(MockModels.bundled()
                        .withModel(
                                "flaky",
                                flaky.toBuilder()
                                        .rate429(0)
                                        .rate500(0)
                                        .rateTimeout(0)
                                        .build())
                        .withLatencyScale(0))
                .build();
    }

    @AfterAll
    static void close() {
        GATEWAY.close();
    }

    private static final UnaryOperator<String> PLAIN = question -> question;
    private static final UnaryOperator<String> STATED_FORMAT =
            question -> question + "\n\nRespond with only the answer, no other text.";

    @Test
    void eachModelScoresItsDocumentedAccuracyOnEachFamily() {
        for (Map.Entry<String, Map<String, Double>> model : DOCUMENTED.entrySet()) {
            for (Map.Entry<String, Double> family : model.getValue().entrySet()) {
                Dataset data = SimulatedDatasets.load(family.getKey());
                double tolerance = 1.0 / (family.getKey().equals("extraction") ? data.size() / 2 : data.size());
                assertThat(passRate(model.getKey(), family.getKey(), STATED_FORMAT, 7))
                        .as("mock/%s on %s", model.getKey(), family.getKey())
                        .isCloseTo(family.getValue(), offset(tolerance + 1e-9));
            }
        }
    }

    @Test
    void theAccuracyHoldsForEverySeedButTheRowsAnsweredWrongChange() {
        EvaluationResult seven = run("mini", "word_problems", PLAIN, 7);
        EvaluationResult eight = run("mini", "word_problems", PLAIN, 8);
        assertThat(rate(eight)).isCloseTo(0.30, offset(1.0 / 50 + 1e-9));
        assertThat(outcomes(seven)).isNotEqualTo(outcomes(eight));
    }

    @Test
    void theSameRequestAndSeedGiveTheSameAnswer() {
        try (Gateway another = gateway()) {
            for (String family : SimulatedDatasets.FAMILIES) {
                for (EvalRow row : SimulatedDatasets.load(family).rows().subList(0, 5)) {
                    ChatRequest request = request("next", (String) row.inputs().get("question"), 3);
                    assertThat(another.completion(request).content())
                            .isEqualTo(GATEWAY.completion(request).content());
                    assertThat(GATEWAY.stream(request).response().content())
                            .isEqualTo(GATEWAY.completion(request).content());
                }
            }
        }
    }

    @Test
    void theCandidateIsBetterThanProOnEveryFamilyButClassificationAndCheaper() {
        for (String family : SimulatedDatasets.FAMILIES) {
            double next = passRate("next", family, STATED_FORMAT, 7);
            double pro = passRate("pro", family, STATED_FORMAT, 7);
            if (family.equals("classification")) {
                assertThat(next).as(family).isLessThan(pro - 0.08);
            } else {
                assertThat(next).as(family).isGreaterThanOrEqualTo(pro);
            }
        }
        BigDecimal mini = cost(run("mini", "summarization", PLAIN, 7));
        BigDecimal next = cost(run("next", "summarization", PLAIN, 7));
        BigDecimal pro = cost(run("pro", "summarization", PLAIN, 7));
        assertThat(mini).isLessThan(next);
        assertThat(next).isLessThan(pro);
    }

    @Test
    void stepByStepRescuesTheSmallModelOnWordProblemsAndBarelyMovesPro() {
        UnaryOperator<String> stepByStep = question -> "Solve this. Think step by step.\n\n" + question;
        assertThat(passRate("mini", "word_problems", PLAIN, 7)).isCloseTo(0.30, offset(0.021));
        assertThat(passRate("mini", "word_problems", stepByStep, 7)).isCloseTo(0.55, offset(0.021));
        assertThat(passRate("pro", "word_problems", PLAIN, 7)).isCloseTo(0.90, offset(0.021));
        assertThat(passRate("pro", "word_problems", stepByStep, 7)).isCloseTo(0.94, offset(0.021));
    }

    @Test
    void theCandidateIgnoresAnImpliedFormatUnlessItIsStated() {
        // compliance is a second stratified draw, so the implied rate is accuracy × compliance within sampling error
        double nextImplied = meanOverSeeds("next", "classification", PLAIN);
        double nextStated = meanOverSeeds("next", "classification", STATED_FORMAT);
        double proImplied = meanOverSeeds("pro", "classification", PLAIN);
        assertThat(nextImplied).isCloseTo(0.82 * 0.50, offset(0.08));
        assertThat(nextStated).isCloseTo(0.82, offset(0.02));
        assertThat(proImplied).isCloseTo(0.94 * 0.99, offset(0.03));

        double nextImpliedExtraction = meanOverSeeds("next", "extraction", PLAIN);
        assertThat(nextImpliedExtraction).isCloseTo(0.97 * 0.50, offset(0.08));
        assertThat(meanOverSeeds("next", "extraction", STATED_FORMAT)).isGreaterThan(nextImpliedExtraction + 0.35);
    }

    @Test
    void examplesAndConstraintsHelpByTheirDocumentedAmounts() {
        UnaryOperator<String> examples = question -> "Examples:\nTicket: I was billed twice. -> billing\n"
                + "Ticket: The page shows error 500. -> technical\n\n" + question + "\nRespond with only the label.";
        assertThat(passRate("mini", "classification", STATED_FORMAT, 7)).isCloseTo(0.80, offset(0.017));
        assertThat(passRate("mini", "classification", examples, 7)).isCloseTo(0.88, offset(0.017));

        UnaryOperator<String> constraint =
                question -> question + "\nThe summary must keep every name, number and date.";
        assertThat(passRate("mini", "summarization", PLAIN, 7)).isCloseTo(0.60, offset(0.026));
        assertThat(passRate("mini", "summarization", constraint, 7)).isCloseTo(0.75, offset(0.026));
    }

    @Test
    void aSearchOverPromptWordingsFindsWhatEachModelNeeds() {
        // the best of the 8 combinations of three instructions, found only by calling and scoring
        assertThat(bestPrompt("mini", "word_problems")).contains(STEP_BY_STEP);
        assertThat(bestPrompt("next", "classification")).contains(STATE_FORMAT);
        assertThat(bestPrompt("mini", "summarization")).contains(CONSTRAINT);
    }

    private static final String STEP_BY_STEP = "Think step by step.";
    private static final String STATE_FORMAT = "Respond with only the answer.";
    private static final String CONSTRAINT = "Do not leave out any name, number or date.";

    private static String bestPrompt(String model, String family) {
        List<String> instructions = List.of(STEP_BY_STEP, STATE_FORMAT, CONSTRAINT);
        String best = null;
        double bestRate = -1;
        for (int mask = 0; mask < 1 << instructions.size(); mask++) {
            StringBuilder wording = new StringBuilder();
            for (int i = 0; i < instructions.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    wording.append(instructions.get(i)).append('\n');
                }
            }
            String prefix = wording.toString();
            double rate = passRate(model, family, question -> prefix + question, 7);
            // a tie keeps the wording found first
            if (rate > bestRate + 1e-9) {
                best = prefix;
                bestRate = rate;
            }
        }
        return best;
    }

    @Test
    void wrongAnswersAreNearMissesTheScorersCatch() {
        EvaluationResult result = run("mini", "word_problems", PLAIN, 7);
        List<RowResult> wrong = result.rows().stream()
                .filter(r -> r.feedback("numeric_match").orElseThrow().value().equals(false))
                .toList();
        assertThat(wrong).hasSizeGreaterThan(30).allSatisfy(r -> {
            BigDecimal expected = new BigDecimal((String) r.expectations().get("expected_response"));
            BigDecimal got = TaskChecks.lastNumber(r.outputsOrNull().toString());
            assertThat(got).isNotNull();
            assertThat(got.subtract(expected).abs()).isBetween(BigDecimal.ONE, BigDecimal.valueOf(50));
        });
    }

    @Test
    void anUnknownFamilyNamesTheFamilies() {
        assertThatThrownBy(() -> SimulatedDatasets.load("poetry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factual, arithmetic, word_problems, extraction, summarization, classification");
    }

    private static double meanOverSeeds(String model, String family, UnaryOperator<String> prompt) {
        double sum = 0;
        for (long seed = 1; seed <= 4; seed++) {
            sum += passRate(model, family, prompt, seed);
        }
        return sum / 4;
    }

    private static double passRate(String model, String family, UnaryOperator<String> prompt, long seed) {
        return rate(run(model, family, prompt, seed));
    }

    private static double rate(EvaluationResult result) {
        assertThat(result.hasErrors()).isFalse();
        String scorer = result.aggregateScores().names().iterator().next();
        return result.aggregateScores().require(scorer).passRate().getAsDouble();
    }

    private static List<Object> outcomes(EvaluationResult result) {
        return result.rows().stream().map(r -> r.feedbacks().get(0).value()).toList();
    }

    private static BigDecimal cost(EvaluationResult result) {
        return result.run().appUsage().costUsd();
    }

    private static EvaluationResult run(String model, String family, UnaryOperator<String> prompt, long seed) {
        return Evaluation.builder()
                .data(SimulatedDatasets.load(family))
                .predictFn(inputs ->
                        GATEWAY.completion(request(model, prompt.apply((String) inputs.get("question")), seed)))
                .scorers(SimulatedDatasets.scorer(family))
                .gateway(GATEWAY)
                .store(new InMemoryEvalRunStore())
                .build()
                .run();
    }

    private static ChatRequest request(String model, String text, long seed) {
        return ChatRequest.builder()
                .model("mock/" + model)
                .addUserMessage(text)
                .seed(seed)
                .build();
    }
}
