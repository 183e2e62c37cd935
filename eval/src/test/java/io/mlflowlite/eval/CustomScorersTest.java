package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.tracing.Trace;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Custom scorers from lambdas and annotated methods: every return type, every parameter combination. */
class CustomScorersTest {
    private static final EvalRow ROW =
            EvalRow.builder().input("question", "q1").expectedResponse("e1").build();

    /** Runs {@code scorers} on {@link #ROW} with a predictFn answering "a1", so the row has a trace. */
    private static RowResult run(List<Scorer> scorers) {
        return Evaluation.builder()
                .data(Dataset.of(ROW))
                .predictFn(inputs -> "a1")
                .scorers(scorers)
                .build()
                .run()
                .row(0);
    }

    private static RowResult run(Scorer... scorers) {
        return run(List.of(scorers));
    }

    @Test
    void theSeedsIsConciseOneLinerWorks() {
        Scorer isConcise = Scorer.of("is_concise", outputs -> outputs.toString().length() < 200);

        Feedback feedback = run(isConcise).feedback("is_concise").orElseThrow();

        assertThat(feedback.value()).isEqualTo(true);
        assertThat(feedback.source()).isEqualTo("CODE:is_concise");
        assertThat(feedback.scorer()).isEqualTo("is_concise");
    }

    @Test
    void everyReturnTypeBecomesFeedback() {
        RowResult row = run(
                Scorer.of("bool", outputs -> false),
                Scorer.of("int", outputs -> 3),
                Scorer.of("double", outputs -> 0.25),
                Scorer.of("decimal", outputs -> new BigDecimal("1.50")),
                Scorer.of("text", outputs -> "friendly"),
                Scorer.of("verdict", outputs -> "yes"),
                Scorer.of("feedback", outputs -> Feedback.of(0.9, "close enough")),
                Scorer.of("named", outputs -> Feedback.of("renamed", true, "own name", "HUMAN")),
                Scorer.of(
                        "several",
                        outputs -> List.of(Feedback.of("len", 2, "", null), Feedback.of("upper", false, "", null))),
                Scorer.of("optional", outputs -> Optional.of(true)));

        assertThat(row.feedbacks())
                .extracting(Feedback::name)
                .containsExactly(
                        "bool",
                        "int",
                        "double",
                        "decimal",
                        "text",
                        "verdict",
                        "feedback",
                        "renamed",
                        "len",
                        "upper",
                        "optional");
        assertThat(row.feedbacks()).allMatch(Feedback::isOk);
        assertThat(row.feedbacks())
                .extracting(Feedback::value)
                .containsExactly(false, 3, 0.25, new BigDecimal("1.50"), "friendly", "yes", 0.9, true, 2, false, true);
        assertThat(row.feedback("feedback").orElseThrow().rationale()).isEqualTo("close enough");
        assertThat(row.feedback("feedback").orElseThrow().source()).isEqualTo("CODE:feedback");
        assertThat(row.feedback("renamed").orElseThrow().source()).isEqualTo("HUMAN");
        assertThat(row.feedback("renamed").orElseThrow().scorer()).isEqualTo("named");
        assertThat(row.feedback("upper").orElseThrow().scorer()).isEqualTo("several");
    }

    @Test
    void badResultsAndThrowsAreErrorFeedbacksAndTheOtherScorersStillRun() {
        RowResult row = run(
                Scorer.of("null", outputs -> null),
                Scorer.of("map", outputs -> Map.of("a", 1)),
                Scorer.of("twins", outputs -> List.of(Feedback.of("x", 1, "", null), Feedback.of("x", 2, "", null))),
                Scorer.of("mixed", outputs -> List.of(Feedback.of(true), "no")),
                Scorer.of("throws", outputs -> {
                    throw new IllegalStateException("boom");
                }),
                Scorer.of("checked", outputs -> {
                    throw new java.io.IOException("disk");
                }),
                Scorer.of("fine", outputs -> true));

        assertThat(row.feedback("null").orElseThrow().rationale()).startsWith("error: scorer 'null' returned null");
        assertThat(row.feedback("map").orElseThrow().rationale()).contains("returned a java.util.", "return a boolean");
        assertThat(row.feedback("twins").orElseThrow().rationale()).contains("two feedbacks named 'x'");
        assertThat(row.feedback("mixed").orElseThrow().rationale()).contains("a list holding String");
        assertThat(row.feedback("throws").orElseThrow().rationale()).isEqualTo("error: IllegalStateException: boom");
        assertThat(row.feedback("checked").orElseThrow().rationale()).isEqualTo("error: IOException: disk");
        assertThat(row.feedbacks().subList(0, 6)).allMatch(Feedback::isError);
        assertThat(row.feedback("fine").orElseThrow().value()).isEqualTo(true);
        assertThat(row.error()).isEmpty();
    }

    @Test
    void lambdaFormsReceiveWhatTheyName() {
        RowResult row = run(
                Scorer.of("o", outputs -> "o=" + outputs),
                Scorer.of(
                        "oe",
                        (outputs, expectations) -> "o=" + outputs + " e=" + expectations.get("expected_response")),
                Scorer.of(
                        "ioe",
                        (inputs, outputs, expectations) -> "i=" + inputs.get("question") + " o=" + outputs + " e="
                                + expectations.get("expected_response")),
                Scorer.of(
                        "ioet",
                        (inputs, outputs, expectations, trace) -> "i=" + inputs.get("question") + " o=" + outputs
                                + " e=" + expectations.get("expected_response") + " t="
                                + trace.root().orElseThrow().name()),
                Scorer.ofInputsOutputs("io", (inputs, outputs) -> "i=" + inputs.get("question") + " o=" + outputs),
                Scorer.ofTrace("t", trace -> "t=" + trace.root().orElseThrow().name()),
                Scorer.ofInput(
                        "input",
                        List.of(),
                        in -> "o=" + in.outputsText() + " e="
                                + in.expectedResponse().orElseThrow()));

        assertThat(row.feedbacks())
                .extracting(Feedback::value)
                .containsExactly(
                        "o=a1",
                        "o=a1 e=e1",
                        "i=q1 o=a1 e=e1",
                        "i=q1 o=a1 e=e1 t=predict",
                        "i=q1 o=a1",
                        "t=predict",
                        "o=a1 e=e1");
    }

    /** One scorer per non-empty subset of the four parameters, in varied orders. */
    public static final class EverySubset {
        static String show(Map<String, Object> inputs, Object outputs, Map<String, Object> expectations, Trace trace) {
            StringBuilder s = new StringBuilder();
            if (inputs != null) s.append("i=").append(inputs.get("question")).append(' ');
            if (outputs != null) s.append("o=").append(outputs).append(' ');
            if (expectations != null)
                s.append("e=").append(expectations.get("expected_response")).append(' ');
            if (trace != null) s.append("t=").append(trace.root().orElseThrow().name());
            return s.toString().strip();
        }

        @ScorerFunction
        public String s01(Map<String, Object> inputs) {
            return show(inputs, null, null, null);
        }

        @ScorerFunction
        public String s02(Object outputs) {
            return show(null, outputs, null, null);
        }

        @ScorerFunction
        public String s03(Map<String, Object> expectations) {
            return show(null, null, expectations, null);
        }

        @ScorerFunction
        public String s04(Trace trace) {
            return show(null, null, null, trace);
        }

        @ScorerFunction
        public String s05(Object outputs, Map<String, Object> inputs) {
            return show(inputs, outputs, null, null);
        }

        @ScorerFunction
        public String s06(Map<String, Object> inputs, Map<String, Object> expectations) {
            return show(inputs, null, expectations, null);
        }

        @ScorerFunction
        public String s07(Trace trace, Map<String, Object> inputs) {
            return show(inputs, null, null, trace);
        }

        @ScorerFunction
        public String s08(Map<String, Object> expectations, Object outputs) {
            return show(null, outputs, expectations, null);
        }

        @ScorerFunction
        public String s09(Object outputs, Trace trace) {
            return show(null, outputs, null, trace);
        }

        @ScorerFunction
        public String s10(Trace trace, Map<String, Object> expectations) {
            return show(null, null, expectations, trace);
        }

        @ScorerFunction
        public String s11(Map<String, Object> expectations, Map<String, Object> inputs, Object outputs) {
            return show(inputs, outputs, expectations, null);
        }

        @ScorerFunction
        public String s12(Map<String, Object> inputs, Trace trace, Object outputs) {
            return show(inputs, outputs, null, trace);
        }

        @ScorerFunction
        public String s13(Trace trace, Map<String, Object> expectations, Map<String, Object> inputs) {
            return show(inputs, null, expectations, trace);
        }

        @ScorerFunction
        public String s14(Object outputs, Map<String, Object> expectations, Trace trace) {
            return show(null, outputs, expectations, trace);
        }

        @ScorerFunction
        public String s15(Trace trace, Object outputs, Map<String, Object> inputs, Map<String, Object> expectations) {
            return show(inputs, outputs, expectations, trace);
        }
    }

    @Test
    void annotatedMethodsReceiveEveryCombinationOfParametersByName() {
        List<Scorer> scorers = Scorers.from(new EverySubset());

        RowResult row = run(scorers);

        assertThat(scorers).hasSize(15);
        assertThat(row.feedbacks())
                .extracting(Feedback::value)
                .containsExactly(
                        "i=q1",
                        "o=a1",
                        "e=e1",
                        "t=predict",
                        "i=q1 o=a1",
                        "i=q1 e=e1",
                        "i=q1 t=predict",
                        "o=a1 e=e1",
                        "o=a1 t=predict",
                        "e=e1 t=predict",
                        "i=q1 o=a1 e=e1",
                        "i=q1 o=a1 t=predict",
                        "i=q1 e=e1 t=predict",
                        "o=a1 e=e1 t=predict",
                        "i=q1 o=a1 e=e1 t=predict");
        assertThat(row.feedbacks()).extracting(Feedback::source).allMatch(s -> s.startsWith("CODE:s"));
    }

    /** Scorers named by annotation, static, taking outputs as text, and returning each kind of result. */
    public static final class Mixed {
        @ScorerFunction(name = "is_concise")
        public static boolean concise(String outputs) {
            return outputs.length() < 200;
        }

        @ScorerFunction
        static Feedback longEnough(@Param("outputs") String text, @Param("expectations") Map<String, Object> expected) {
            return Feedback.of(
                    text.length()
                            >= expected.get("expected_response").toString().length(),
                    "compared lengths");
        }

        @ScorerFunction
        List<Feedback> counts(Object outputs) {
            return List.of(
                    Feedback.of("chars", outputs.toString().length(), "", null), Feedback.of("words", 1, "", null));
        }

        @ScorerFunction
        double ratio(Map<String, Object> outputs) {
            return ((Number) outputs.get("n")).doubleValue() / 2;
        }
    }

    @Test
    void annotatedMethodsMayBeStaticNamedTakeTextOrMapsAndReturnAnything() {
        EvalRow row = EvalRow.builder()
                .input("question", "q")
                .outputs(Map.of("n", 3))
                .expectedResponse("ab")
                .build();

        RowResult result = Evaluation.builder()
                .data(Dataset.of(row))
                .scorers(Scorers.from(new Mixed()))
                .build()
                .run()
                .row(0);

        assertThat(result.feedbacks())
                .extracting(Feedback::name)
                .containsExactly("chars", "words", "is_concise", "longEnough", "ratio");
        assertThat(result.feedback("is_concise").orElseThrow().value()).isEqualTo(true);
        assertThat(result.feedback("longEnough").orElseThrow().value()).isEqualTo(true);
        assertThat(result.feedback("chars").orElseThrow().value()).isEqualTo(5); // Map.toString(): {n=3}
        assertThat(result.feedback("ratio").orElseThrow().value()).isEqualTo(1.5);
        assertThat(Scorers.from(Mixed.class))
                .extracting(Scorer::name)
                .as("a Class offers its static scorers only")
                .isEqualTo(List.of("is_concise", "longEnough"));
    }

    static final class Wrong {
        @ScorerFunction
        boolean unknown(Object answer) {
            return true;
        }
    }

    static final class WrongType {
        @ScorerFunction
        boolean badType(Integer outputs) {
            return true;
        }
    }

    static final class NoResult {
        @ScorerFunction
        void nothing(Object outputs) {}
    }

    @Test
    void mistakesInAnnotatedMethodsFailAtRegistration() {
        assertThatThrownBy(() -> Scorers.from(new Wrong()))
                .hasMessageContaining("parameter 'answer' is not one of inputs, outputs, expectations, trace");
        assertThatThrownBy(() -> Scorers.from(new WrongType()))
                .hasMessageContaining("parameter outputs cannot be a Integer");
        assertThatThrownBy(() -> Scorers.from(new NoResult())).hasMessageContaining("returns nothing");
        assertThatThrownBy(() -> Scorers.from("no scorers here")).hasMessageContaining("No @ScorerFunction methods");
        assertThatThrownBy(() -> Scorers.from(Wrong.class))
                .hasMessageContaining("its instance methods need an instance");
    }

    @Test
    void scorersNeedingOutputsOrATraceAreSkippedOnRowsWithout() {
        EvalRow noOutputs = EvalRow.builder().input("question", "q").build();
        RowResult row = Evaluation.builder()
                .data(Dataset.of(noOutputs))
                .scorers(
                        Scorer.of("o", outputs -> true),
                        Scorer.ofTrace("t", trace -> true),
                        Scorer.ofInput("i", List.of(Requirement.INPUTS), in -> true))
                .build()
                .run()
                .row(0);

        assertThat(row.feedback("o").orElseThrow().rationale()).isEqualTo("skipped: needs outputs");
        assertThat(row.feedback("t").orElseThrow().rationale()).isEqualTo("skipped: needs trace");
        assertThat(row.feedback("i").orElseThrow().value()).isEqualTo(true);
        assertThat(row.feedback("o").orElseThrow().needsRerun()).isFalse();
    }

    @Test
    void twoScorersWithOneNameAreRefused() {
        assertThatThrownBy(() -> Evaluation.builder()
                        .data(Dataset.of(ROW))
                        .scorers(Scorer.of("x", o -> true), Scorer.of("x", o -> false))
                        .build())
                .hasMessageContaining("two scorers are named 'x'");
    }
}
