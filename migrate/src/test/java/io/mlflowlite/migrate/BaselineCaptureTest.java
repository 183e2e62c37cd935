package io.mlflowlite.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineCaptureTest {
    @Test
    void readsTheVariablesBackFromTheRenderedPrompt() {
        assertThat(BaselineCapture.match(
                        "Ticket: {{ticket}}\nAnswer in {{lang}}.", "Ticket: my order\nis late\nAnswer in French."))
                .contains(Map.of("ticket", "my order\nis late", "lang", "French"));
        assertThat(BaselineCapture.match("Q: {{q}} / again {{q}}", "Q: a / again b"))
                .isEmpty();
        assertThat(BaselineCapture.match("Q: {{q}}", "something else")).isEmpty();

        PromptVersion prompt = new PromptVersion(
                "answer",
                1,
                PromptTemplate.chat(PromptMessage.system("Be brief."), PromptMessage.user("{{question}}")),
                "",
                Map.of(),
                Map.of(),
                Optional.empty(),
                Instant.EPOCH);
        assertThat(BaselineCapture.variables(
                        prompt, List.of(Map.entry("system", "Be brief."), Map.entry("user", "What is 2 + 2?"))))
                .contains(Map.of("question", "What is 2 + 2?"));
        assertThat(BaselineCapture.variables(
                        prompt, List.of(Map.entry("system", "Be long."), Map.entry("user", "What is 2 + 2?"))))
                .isEmpty();
    }

    @Test
    void agreementComparesAnswersNotTheirSpelling() {
        AgreementScorer agreement = new AgreementScorer();
        var same = agreement.score(io.mlflowlite.eval.ScorerInput.of(
                Map.of(), "The capital is  Paris.", Map.of(AgreementScorer.REFERENCE, "the capital is paris")));
        var different = agreement.score(
                io.mlflowlite.eval.ScorerInput.of(Map.of(), "billing", Map.of(AgreementScorer.REFERENCE, "technical")));
        assertThat(same.get(0).asBoolean()).contains(true);
        assertThat(different.get(0).asBoolean()).contains(false);
    }
}
