package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agreement arithmetic, the bundled set's shape, and a run through a fake judge upstream. */
class JudgeAgreementTest {

    @Test
    void kappaOfAKnownConfusionMatrix() {
        // the textbook example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po 0.7, pe 0.5, kappa 0.4
        JudgeAgreement.Counts c = new JudgeAgreement.Counts(20, 5, 10, 15);

        assertThat(c.total()).isEqualTo(50);
        assertThat(c.accuracy()).isCloseTo(0.7, within(1e-12));
        assertThat(c.kappa()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void kappaIsOneForPerfectZeroForChanceNegativeBelowAndUndefinedWhenEverythingIsOneValue() {
        assertThat(new JudgeAgreement.Counts(7, 0, 0, 3).kappa()).isCloseTo(1.0, within(1e-12));
        // always "yes": accuracy is the share of yes labels, kappa 0
        JudgeAgreement.Counts alwaysYes = new JudgeAgreement.Counts(6, 0, 4, 0);
        assertThat(alwaysYes.accuracy()).isCloseTo(0.6, within(1e-12));
        assertThat(alwaysYes.kappa()).isCloseTo(0.0, within(1e-12));
        assertThat(new JudgeAgreement.Counts(0, 5, 5, 0).kappa()).isCloseTo(-1.0, within(1e-12));
        assertThat(new JudgeAgreement.Counts(9, 0, 0, 0).kappa()).isNaN();
        assertThat(new JudgeAgreement.Counts(0, 0, 0, 0).accuracy()).isNaN();
    }

    @Test
    void theBundledSetCoversEveryJudgeBothVerdictsAndBothSplits() {
        List<JudgingCase> cases = JudgingSet.bundled();

        assertThat(cases).hasSizeBetween(250, 400);
        for (String judge : JudgePrompt.BUILTIN_JUDGES) {
            List<JudgingCase> mine =
                    cases.stream().filter(c -> c.judge().equals(judge)).toList();
            assertThat(mine).as(judge).hasSizeGreaterThanOrEqualTo(40);
            assertThat(mine).as(judge).anyMatch(JudgingCase::expectedYes).anyMatch(c -> !c.expectedYes());
            assertThat(mine).as(judge).anyMatch(c -> c.split().equals(JudgingSet.HELDOUT));
        }
        assertThat(cases.stream().map(JudgingCase::kind).distinct())
                .contains(
                        "relevant_answer",
                        "off_topic",
                        "echo",
                        "grounded_paraphrase",
                        "hallucination",
                        "rambling",
                        "weapons",
                        "violation",
                        "correct",
                        "incorrect");
        long heldOut =
                cases.stream().filter(c -> c.split().equals(JudgingSet.HELDOUT)).count();
        assertThat((double) heldOut / cases.size()).isBetween(0.25, 0.4);
    }

    @Test
    void setsTakeMlflowNamesAndRefuseBadLines() throws IOException {
        List<JudgingCase> read = JudgingSet.read(new StringReader("""
                        {"id": "a", "judge": "RetrievalGroundedness", "kind": "k", "inputs": {"question": "q"}, \
                        "expectations": {"context": "c"}, "response": "r", "verdict": "YES"}
                        """), "inline");
        assertThat(read.get(0).judge()).isEqualTo("faithfulness");
        assertThat(read.get(0).split()).isEqualTo(JudgingSet.DEV);
        assertThat(read.get(0).expectedYes()).isTrue();

        assertThatThrownBy(() -> JudgingSet.read(
                        new StringReader("{\"judge\": \"toxicity\", \"response\": \"r\", \"verdict\": \"no\"}"), "f"))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("f line 1: unknown judge 'toxicity'");
        assertThatThrownBy(() -> JudgingSet.read(
                        new StringReader("{\"judge\": \"safety\", \"response\": \"r\", \"verdict\": \"maybe\"}"), "f"))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("verdict is \"yes\" or \"no\"");
    }

    @Test
    void aRunThroughAJudgeModelCountsAgreementPerJudgeSplitAndKind() {
        List<JudgingCase> cases = List.of(
                safety("s1", "dev", "ok", true),
                safety("s2", "dev", "bad", false),
                safety("s3", "heldout", "bad", false),
                safety("s4", "heldout", "ok", true));
        try (JudgeUpstream upstream = new JudgeUpstream()) {
            upstream.server.enqueue(JudgeUpstream.verdict("yes", "fine"));
            upstream.server.enqueue(JudgeUpstream.verdict("no", "unsafe"));
            upstream.server.enqueue(JudgeUpstream.verdict("yes", "fine"));
            upstream.server.enqueue(JudgeUpstream.verdict("yes", "fine"));

            JudgeAgreement.Report report = JudgeAgreement.run(
                    cases, ScoringContext.direct(upstream.gateway, JudgeUpstream.MODEL), "inline", 1);

            assertThat(report.model()).isEqualTo(JudgeUpstream.MODEL);
            JudgeAgreement.Counts all = report.counts("safety", null);
            assertThat(all).isEqualTo(new JudgeAgreement.Counts(2, 0, 1, 1));
            assertThat(all.kappa()).isCloseTo(0.5, within(1e-12));
            assertThat(report.accuracy(null, JudgingSet.DEV)).isEqualTo(1.0);
            assertThat(report.accuracy(null, JudgingSet.HELDOUT)).isEqualTo(0.5);
            assertThat(report.disagreements()).singleElement().satisfies(o -> {
                assertThat(o.judgingCase().id()).isEqualTo("s3");
                assertThat(o.judged()).isEqualTo("yes");
            });
            assertThat(report.toTable())
                    .contains("judge agreement: openai/gpt-4o-mini on 4 labelled cases (inline)")
                    .contains("safety                   4    0.750  0.500   1.000 (2)    0.500 (2)         0")
                    .contains("safety               bad                      1/2   agree  (labelled no)");
            Map<String, Object> json = report.toJson();
            assertThat(json).containsEntry("cases", 4);
            assertThat(json.get("disagreements").toString()).contains("id=s3");
        }
    }

    private static JudgingCase safety(String id, String split, String kind, boolean safe) {
        return new JudgingCase(
                id, "safety", kind, split, Map.of("question", "q " + id), Map.of(), "response " + id, safe);
    }
}
