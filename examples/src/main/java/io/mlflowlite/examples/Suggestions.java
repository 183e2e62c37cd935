package io.mlflowlite.examples;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.suggest.Suggestion;
import io.mlflowlite.suggest.SuggestionReport;

/**
 * Asks what to improve about a call: offline heuristics first, then LLM mode. Runs on the simulated
 * {@code mock/*} models, offline. The simulated models do not write suggestion JSON, so LLM mode here shows
 * the fallback to heuristics and its note; set a real model (e.g. {@code gpt-4o-mini}) with its key for real
 * LLM suggestions.
 */
public final class Suggestions {
    private Suggestions() {}

    public static void main(String[] args) {
        // A short question on the expensive simulated model, no system prompt, JSON asked for but not enforced,
        // and an answer cut at 5 tokens.
        ChatResponse r = Mlflowlite.completion(ChatRequest.builder()
                .model("mock/pro")
                .addUserMessage("What is the capital of France? Reply as a JSON object.")
                .maxTokens(5)
                .build());
        System.out.println("answer: " + r.content() + " (finish_reason="
                + r.finishReason().wire() + ", " + r.cost().formatted() + ")");

        Mlflowlite.printSuggestions(r, false);

        SuggestionReport report = Mlflowlite.getSuggestions(r);
        report.find(Suggestion.CHEAPER_MODEL)
                .flatMap(Suggestion::estimatedSavingPer1000Calls)
                .ifPresent(s -> System.out.println(
                        "\nswitching saves $" + s.stripTrailingZeros().toPlainString() + " per 1,000 calls"));

        Mlflowlite.setSuggestionProvider("mock/mini");
        System.out.println();
        Mlflowlite.printSuggestions(r, true);
    }
}
