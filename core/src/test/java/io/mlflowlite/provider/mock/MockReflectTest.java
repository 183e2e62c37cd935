package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.ask;
import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code mock/reflect}: one documented edit, chosen from the failing rows' feedback, never from a profile. */
class MockReflectTest {
    private final MockProvider provider = MockCalls.instantProvider();

    private static String prompt(String current, String rows, String tried) {
        return "You are improving a prompt template.\n\nCurrent prompt:\n```prompt\n" + current + "\n```\n\n"
                + "Rows the prompt got wrong, with the scorers' feedback:\n\n" + rows
                + (tried.isEmpty() ? "" : "Edits already tried on this prompt without improvement:\n" + tried + "\n")
                + "Reply with one line \"Edit: <the kind of edit>\", then the complete new prompt.";
    }

    private static String labelRow(int i) {
        return "Row " + i + "\nInputs: {\"question\":\"Classify this ticket " + i
                + "\",\"labels\":[\"billing\",\"technical\"]}\n"
                + "Output: \"Category: billing (the customer's problem belongs with the billing team).\"\n"
                + "Expected: \"billing\"\nFeedback: label_match: fail — the output is not the label \"billing\"\n\n";
    }

    private String reply(String prompt, long seed) {
        return provider.chat(call("reflect", ask(prompt, seed))).content();
    }

    @Test
    void formatFailuresMostlyGetTheFormatStatement() {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            rows.append(labelRow(i));
        }
        int format = 0;
        for (long seed = 0; seed < 40; seed++) {
            String reply = reply(prompt("{{question}}", rows.toString(), ""), seed);
            assertThat(reply).startsWith("Edit: ").contains("```prompt\n");
            if (reply.startsWith("Edit: state the output format")) {
                format++;
                assertThat(reply).contains("```prompt\n{{question}}\nRespond with only the label.\n```");
            }
        }
        // weight 3 × 6 + 1 = 19 of 22
        assertThat(format).isBetween(28, 40);
    }

    @Test
    void numericMissesSuggestStepByStepAndMissingFactsAConstraint() {
        String numeric = "Row 1\nInputs: {\"question\":\"A baker has 12 trays …\"}\nOutput: \"The answer is 52.\"\n"
                + "Expected: \"56\"\nFeedback: numeric_match: fail — the final number 52 differs from 56\n\n";
        String tried = "- add examples\n- add a constraint\n- state the output format";
        assertThat(reply(prompt("{{question}}", numeric, tried), 1))
                .isEqualTo("Edit: add step-by-step\n```prompt\n{{question}}\nThink step by step.\n```");
        String facts = "Row 1\nInputs: {\"question\":\"Summarise …\"}\nOutput: \"A summary.\"\n"
                + "Expected: \"The reference.\"\nFeedback: key_facts: fail — misses 1 of 5 key facts: \"2.4\"\n\n";
        assertThat(reply(
                        prompt("{{question}}", facts, "- add examples\n- add step-by-step\n- state the output format"),
                        1))
                .contains("{{question}}\nThe answer must keep every name, number and date.");
    }

    @Test
    void examplesGoBeforeThePromptAndNothingLeftMeansNone() {
        String wrongLabel = "Row 1\nInputs: {\"question\":\"Ticket about a refund\",\"labels\":[\"billing\"]}\n"
                + "Output: \"shipping\"\nExpected: \"billing\"\nFeedback: label_match: fail\n\n";
        String reply = reply(
                prompt("{{question}}", wrongLabel, "- state the output format\n- add step-by-step\n- add a constraint"),
                3);
        assertThat(reply)
                .isEqualTo("Edit: add examples\n```prompt\nExamples:\n\nQuestion: Ticket about a refund\n"
                        + "Answer: billing\n\n{{question}}\n```");
        String full = "Examples:\n\nQuestion: q\nAnswer: a\n\n{{question}}\nRespond with only the label.\n"
                + "Think step by step. You must answer.";
        assertThat(reply(prompt(full, wrongLabel, ""), 3)).isEqualTo("Edit: none\n```prompt\n" + full + "\n```");
    }

    @Test
    void itNeverAnswersTheWorldsRowsAndIsDeterministic() {
        Set<String> replies = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            replies.add(reply(prompt("{{question}}", labelRow(1), ""), 9));
        }
        assertThat(replies).hasSize(1);
        assertThat(reply("What is the capital of France?", 1)).contains("```prompt");
    }
}
