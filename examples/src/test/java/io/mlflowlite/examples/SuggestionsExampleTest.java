package io.mlflowlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the suggestions example on the simulated models, so docs/suggestions.md keeps working. */
class SuggestionsExampleTest {

    @Test
    void suggestionsExamplePrintsHeuristicFindingsAndTheLlmFallback() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Suggestions.main(new String[0]);
        } finally {
            System.setOut(original);
            io.mlflowlite.Mlflowlite.setSuggestionProvider(null);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains(
                        "OUTPUT_TRUNCATED",
                        "CHEAPER_MODEL",
                        "JSON_NOT_ENFORCED",
                        "NO_SYSTEM_PROMPT",
                        "per 1,000 similar calls",
                        "the suggestion model mock/mini returned invalid suggestions twice");
    }
}
