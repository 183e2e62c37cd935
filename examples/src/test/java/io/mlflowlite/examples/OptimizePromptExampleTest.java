package io.mlflowlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the optimization example of docs/optimization.md: the format statement is found and registered. */
class OptimizePromptExampleTest {

    @Test
    void findsTheFormatStatementForNextOnClassification() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OptimizePromptExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .containsPattern("prompts:/triage/2: [1-5]\\d\\.\\d% -> (8\\d|9\\d|100)\\.\\d% on 20 held-out")
                .contains("reflect: state the output format")
                .contains("{{question}}\nRespond with only the label.");
    }
}
