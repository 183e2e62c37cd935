package io.mlflowlite.suggest;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks a model for suggestions with the call's summary as context: one request, and when its answer does
 * not parse, one repair request carrying the parse error. Falls back to the heuristic findings (saying why
 * in the report's note) when the model fails or answers badly twice.
 */
final class LlmSuggester {
    static final String INSTRUCTIONS = """
            You review one call to a large language model and suggest concrete improvements: cost, latency, \
            reliability, prompt quality, output quality. The user message is a JSON summary of the call: the \
            request, the response, token usage, cost in USD, latency, every attempt (retries and fallbacks), \
            the model's catalog entry, the trace, and findings of offline checks (confirm, refine or add to them).
            Reply with ONLY a JSON array, no prose and no code fence. Each element is an object:
            {"kind": "UPPER_SNAKE_CASE id, e.g. OUTPUT_TRUNCATED", "severity": "INFO|WARNING|CRITICAL", \
            "title": "one line", "evidence": "the concrete numbers from the summary", \
            "change": "the concrete change to make"}
            Optionally add "estimated_saving_usd_per_1000_calls" (a number) when the summary's prices support it.
            Reply [] when nothing should change.""";

    private final Gateway gateway;
    private final String model;

    LlmSuggester(Gateway gateway, String model) {
        this.gateway = gateway;
        this.model = model;
    }

    String model() {
        return model;
    }

    SuggestionReport suggest(SuggestionContext context, Optional<Trace> trace, List<Suggestion> heuristic) {
        List<Message> messages = new ArrayList<>(List.of(
                Message.system(INSTRUCTIONS),
                Message.user(TraceSummary.of(context, trace, heuristic).toString())));
        String firstError;
        try {
            String answer = ask(messages);
            try {
                return llm(SuggestionParser.parse(answer), Optional.empty());
            } catch (SuggestionParser.InvalidAnswer e) {
                firstError = e.getMessage();
                messages.add(Message.assistant(answer));
                messages.add(Message.user("That answer was not valid: " + firstError
                        + ". Reply again with only the JSON array described in the instructions."));
            }
            String repaired = ask(messages);
            try {
                return llm(
                        SuggestionParser.parse(repaired),
                        Optional.of("the first answer of " + model + " was invalid (" + firstError
                                + "); its repaired answer is shown"));
            } catch (SuggestionParser.InvalidAnswer e) {
                return fallback(
                        heuristic,
                        "the suggestion model " + model + " returned invalid suggestions twice (" + firstError
                                + "; then " + e.getMessage() + "); showing the heuristic findings");
            }
        } catch (RuntimeException e) {
            // Suggestions are advice: a failing suggestion model must never fail the caller, only be reported.
            return fallback(
                    heuristic,
                    "the suggestion model " + model + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); showing the heuristic findings");
        }
    }

    private String ask(List<Message> messages) {
        return gateway.completion(ChatRequest.builder()
                        .model(model)
                        .messages(messages)
                        .temperature(0.0)
                        .build())
                .content();
    }

    private static SuggestionReport llm(List<Suggestion> suggestions, Optional<String> note) {
        return new SuggestionReport(SuggestionEngine.bySeverity(suggestions), SuggestionReport.Source.LLM, note);
    }

    private static SuggestionReport fallback(List<Suggestion> heuristic, String why) {
        return new SuggestionReport(heuristic, SuggestionReport.Source.HEURISTIC, Optional.of(why));
    }
}
