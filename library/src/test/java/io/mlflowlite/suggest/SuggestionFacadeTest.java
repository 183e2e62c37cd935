package io.mlflowlite.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Tracing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Mlflowlite facade's suggestions: heuristics by default, the suggestion model when one is set. */
class SuggestionFacadeTest {
    private final MockLlmServer upstream = MockLlmServer.start();
    private final Gateway gateway = Gateway.builder()
            .env(Map.of("OPENAI_API_KEY", "sk-test-openai", "OPENAI_BASE_URL", upstream.url("/v1")))
            .tracing(Tracing.builder().build())
            .maxRetries(0)
            .build();

    @AfterEach
    void close() {
        Mlflowlite.setSuggestionProvider(null);
        Mlflowlite.setGateway(null);
        gateway.close();
        upstream.close();
    }

    @Test
    void facadeUsesHeuristicsAndSaysWhyWhenNoSuggestionModelIsSet() {
        Mlflowlite.setGateway(gateway);
        ChatResponse r = Mlflowlite.completion(ChatRequest.of("mock/echo", "hello there"));

        SuggestionReport asked = Mlflowlite.getSuggestions(r, true);

        assertThat(asked.source()).isEqualTo(SuggestionReport.Source.HEURISTIC);
        assertThat(asked.note()).hasValueSatisfying(n -> assertThat(n).contains("no suggestion model is set"));
        assertThat(asked.has(Suggestion.NO_SYSTEM_PROMPT)).isTrue();
        assertThat(Mlflowlite.getSuggestions(r).note()).isEmpty();
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void facadeAsksTheSuggestionProviderAndPrintsItsAnswer() {
        Mlflowlite.setGateway(gateway);
        Mlflowlite.setSuggestionProvider("gpt-4o-mini");
        upstream.enqueue(MockResponse.json(200, Fixtures.text("suggest/llm-valid.json")));
        ChatResponse r = Mlflowlite.completion(ChatRequest.of("mock/echo", "hello there"));

        String printed = captureStdout(() -> Mlflowlite.printSuggestions(r, true));

        assertThat(printed)
                .startsWith("2 suggestions (from the suggestion model)\n")
                .contains("[WARNING] OUTPUT_TRUNCATED: The summary stops mid-sentence");
        assertThat(upstream.takeRequest().jsonBody().at("/messages/1/content").asText())
                .contains("\"content\":\"hello there\"");
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
