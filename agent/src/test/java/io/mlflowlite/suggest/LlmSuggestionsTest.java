package io.mlflowlite.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import io.mlflowlite.tracing.Tracing;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LLM mode against a fake OpenAI upstream on a real socket: valid answers, repair, and both fallbacks. */
class LlmSuggestionsTest {
    private final MockLlmServer upstream = MockLlmServer.start();
    private final Gateway gateway = Gateway.builder()
            .env(Map.of("OPENAI_API_KEY", "sk-test-openai", "OPENAI_BASE_URL", upstream.url("/v1")))
            .tracing(Tracing.builder().enabled(false).build())
            .maxRetries(0)
            .build();
    private final SuggestionEngine engine = SuggestionEngine.withModel(gateway, "gpt-4o-mini");

    /** A response cut at its limit, with its request: the heuristics find OUTPUT_TRUNCATED and NO_SYSTEM_PROMPT. */
    private final ChatResponse truncated = Calls.response(
                    "openai",
                    "gpt-4o",
                    "openai/gpt-4o",
                    Calls.usage(120, 512, 0, 0),
                    "The report covers three",
                    "length")
            .build();

    private final ChatRequest request = ChatRequest.builder()
            .model("gpt-4o")
            .addUserMessage("Summarize the quarterly report.")
            .maxTokens(512)
            .build();

    @AfterEach
    void close() {
        gateway.close();
        upstream.close();
    }

    @Test
    void validAnswerBecomesTheReportWithTheCallSummaryAsContext() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("suggest/llm-valid.json")));

        SuggestionReport report = engine.suggest(truncated, request);

        assertThat(report.source()).isEqualTo(SuggestionReport.Source.LLM);
        assertThat(report.note()).isEmpty();
        assertThat(report.suggestions())
                .extracting(Suggestion::kind)
                .containsExactly("OUTPUT_TRUNCATED", "NO_SYSTEM_PROMPT");
        assertThat(report.find("NO_SYSTEM_PROMPT").orElseThrow().severity()).isEqualTo(Severity.INFO);
        assertThat(report.find("NO_SYSTEM_PROMPT").orElseThrow().estimatedSavingPer1000Calls())
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal("0.12")));

        JsonNode sent = upstream.takeRequest().jsonBody();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).contains("Reply with ONLY a JSON array");
        JsonNode summary = Json.read(sent.at("/messages/1/content").asText());
        assertThat(summary.at("/response/finish_reason").asText()).isEqualTo("length");
        assertThat(summary.at("/request/max_tokens").asInt()).isEqualTo(512);
        assertThat(summary.at("/usage/completion_tokens").asInt()).isEqualTo(512);
        assertThat(summary.at("/model_catalog_entry/max_output_tokens").asInt()).isEqualTo(16384);
        assertThat(summary.path("heuristic_findings").findValuesAsText("kind"))
                .contains("OUTPUT_TRUNCATED", "NO_SYSTEM_PROMPT");
    }

    @Test
    void garbageThenValidIsRepairedWithTheParseError() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("suggest/llm-garbage.json")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("suggest/llm-valid.json")));

        SuggestionReport report = engine.suggest(truncated, request);

        assertThat(report.source()).isEqualTo(SuggestionReport.Source.LLM);
        assertThat(report.suggestions()).hasSize(2);
        assertThat(report.note()).hasValueSatisfying(n -> assertThat(n).contains("first answer", "not valid JSON"));
        upstream.takeRequest();
        RecordedRequest repair = upstream.takeRequest();
        JsonNode messages = repair.jsonBody().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).startsWith("Sure! Here are my suggestions");
        assertThat(messages.get(3).path("content").asText()).startsWith("That answer was not valid: not valid JSON");
    }

    @Test
    void invalidTwiceFallsBackToTheHeuristicsAndSaysWhy() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("suggest/llm-garbage.json")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("suggest/llm-bad-severity.json")));

        SuggestionReport report = engine.suggest(truncated, request);

        assertThat(report.source()).isEqualTo(SuggestionReport.Source.HEURISTIC);
        assertThat(report.note())
                .hasValueSatisfying(n -> assertThat(n)
                        .contains(
                                "invalid suggestions twice",
                                "[0].severity must be INFO, WARNING or CRITICAL, was \"URGENT\""));
        assertThat(report.suggestions())
                .extracting(Suggestion::kind)
                .containsExactly(Suggestion.OUTPUT_TRUNCATED, Suggestion.NO_SYSTEM_PROMPT);
        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    @Test
    void aFailingSuggestionModelFallsBackToTheHeuristics() {
        upstream.enqueue(MockResponse.json(500, Fixtures.text("suggest/error-500.json")));

        SuggestionReport report = engine.suggest(truncated, request);

        assertThat(report.source()).isEqualTo(SuggestionReport.Source.HEURISTIC);
        assertThat(report.note()).hasValueSatisfying(n -> assertThat(n).contains("gpt-4o-mini failed", "500"));
        assertThat(report.has(Suggestion.OUTPUT_TRUNCATED)).isTrue();
        assertThat(upstream.requestCount()).isEqualTo(1);
    }
}
