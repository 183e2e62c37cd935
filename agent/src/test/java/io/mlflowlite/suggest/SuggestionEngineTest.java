package io.mlflowlite.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.tracing.Tracing;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on real calls (the request read back from the trace); the facade is tested in SuggestionFacadeTest. */
class SuggestionEngineTest {
    private final MockLlmServer upstream = MockLlmServer.start();
    private final Gateway gateway = Gateway.builder()
            .env(Map.of("OPENAI_API_KEY", "sk-test-openai", "OPENAI_BASE_URL", upstream.url("/v1")))
            .tracing(Tracing.builder().build())
            .maxRetries(0)
            .build();

    @AfterEach
    void close() {
        gateway.close();
        upstream.close();
    }

    @Test
    void readsTheRequestFromTheResponsesTrace() {
        ChatResponse r = gateway.completion(ChatRequest.builder()
                .model("mock/echo")
                .addUserMessage("Reply with a JSON object holding the word hello.")
                .build());

        SuggestionReport report = SuggestionEngine.heuristics(gateway).suggest(r);

        assertThat(r.traceId()).isPresent();
        assertThat(report.source()).isEqualTo(SuggestionReport.Source.HEURISTIC);
        assertThat(report.suggestions())
                .extracting(Suggestion::kind)
                .contains(Suggestion.NO_SYSTEM_PROMPT, Suggestion.JSON_NOT_ENFORCED);
    }

    @Test
    void withoutATraceOnlyResponseChecksRun() {
        ChatResponse r = gateway.completion(ChatRequest.builder()
                .model("mock/echo")
                .addUserMessage("Reply with a JSON object holding the word hello.")
                .build());

        SuggestionReport report = SuggestionEngine.heuristics(gateway)
                .suggest(r.toBuilder().traceId(null).build());

        assertThat(report.suggestions())
                .extracting(Suggestion::kind)
                .doesNotContain(Suggestion.NO_SYSTEM_PROMPT, Suggestion.JSON_NOT_ENFORCED);
    }

    @Test
    void reportsSortMostSevereFirstAndPrintReadably() {
        ChatResponse r = Calls.response("mock", "pro", "mock/pro", Calls.usage(1000, 200, 0, 0), "It began", "length")
                .build();

        SuggestionReport report = SuggestionEngine.of(Calls.CATALOG, Calls.PRICES, null)
                .suggest(r, Calls.userOnly("mock/pro", "Summarize"));

        assertThat(report.suggestions()).extracting(Suggestion::severity).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(report.toString())
                .startsWith("3 suggestions (heuristics)\n")
                .contains("[WARNING] OUTPUT_TRUNCATED: The answer was cut off at the token limit\n  evidence: ")
                .contains("  saving:   $8.7300 per 1,000 similar calls\n");
    }
}
