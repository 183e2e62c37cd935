package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** MLflow 3's scorer names name our judges, wherever a judge is looked up by name. */
class JudgeNamesTest {

    @Test
    void mlflow3ScorerClassNamesAreOurJudges() {
        assertThat(Scorers.judge("RetrievalGroundedness")).containsInstanceOf(Faithfulness.class);
        assertThat(Scorers.judge("RelevanceToQuery")).containsInstanceOf(RelevanceToQuery.class);
        assertThat(Scorers.judge("Safety")).containsInstanceOf(Safety.class);
        assertThat(Scorers.judge("Guidelines")).containsInstanceOf(Guidelines.class);
        assertThat(Scorers.judge("ExpectationsGuidelines")).containsInstanceOf(Guidelines.class);
        assertThat(Scorers.judge("Correctness")).containsInstanceOf(Correctness.class);
        assertThat(Scorers.judge("Conciseness")).containsInstanceOf(Conciseness.class);
    }

    @Test
    void snakeCaseKebabCaseAndOurOwnNamesToo() {
        assertThat(Scorers.judgeName("retrieval_groundedness")).isEqualTo("faithfulness");
        assertThat(Scorers.judgeName("retrieval-groundedness")).isEqualTo("faithfulness");
        assertThat(Scorers.judgeName("groundedness")).isEqualTo("faithfulness");
        assertThat(Scorers.judgeName("faithfulness")).isEqualTo("faithfulness");
        assertThat(Scorers.judgeName("relevance_to_query")).isEqualTo("relevance_to_query");
        assertThat(Scorers.judgeName("relevance")).isEqualTo("relevance_to_query");
        assertThat(Scorers.judgeName(" SAFETY ")).isEqualTo("safety");
        for (String name : JudgePrompt.BUILTIN_JUDGES) {
            assertThat(Scorers.judgeName(name)).isEqualTo(name);
            assertThat(Scorers.judge(name)).get().extracting(Scorer::name).isEqualTo(name);
        }
    }

    @Test
    void otherNamesAreNoJudge() {
        assertThat(Scorers.judge("toxicity")).isEmpty();
        assertThat(Scorers.judgeName("exact_match")).isNull();
        assertThat(Scorers.judgeName("")).isNull();
        assertThat(Scorers.judgeName(null)).isNull();
    }
}
