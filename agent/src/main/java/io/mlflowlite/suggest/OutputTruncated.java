package io.mlflowlite.suggest;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Usage;
import java.util.Optional;

/** Triggers when any choice ended with {@code finish_reason=length}: the answer was cut at the token limit. */
final class OutputTruncated implements Heuristic {

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        long cut = context.response().choices().stream()
                .filter(c -> c.finishReason() == FinishReason.LENGTH)
                .count();
        if (cut == 0) {
            return Optional.empty();
        }
        Usage usage = context.response().usage();
        Integer maxTokens = context.request().map(ChatRequest::maxTokens).orElse(null);
        int modelMax = context.entry().map(CatalogEntry::maxOutputTokens).orElse(0);
        StringBuilder evidence = new StringBuilder("finish_reason=length on ")
                .append(cut)
                .append(" of ")
                .append(context.response().choices().size())
                .append(" choice(s) after ")
                .append(Numbers.tokens(usage.completionTokens()))
                .append(" completion tokens (max_tokens=")
                .append(maxTokens == null ? "not set" : maxTokens.toString());
        if (modelMax > 0) {
            evidence.append("; the model allows up to ").append(Numbers.tokens(modelMax));
        }
        evidence.append(')');
        if (usage.reasoningTokens() > 0) {
            evidence.append("; ")
                    .append(Numbers.tokens(usage.reasoningTokens()))
                    .append(" of them were hidden reasoning");
        }
        String change;
        if (maxTokens != null && (modelMax == 0 || maxTokens < modelMax)) {
            change = "raise max_tokens above " + maxTokens + (modelMax > 0 ? " (up to " + modelMax + ")" : "")
                    + " or ask for a shorter answer";
        } else if (maxTokens == null) {
            change = "set max_tokens above the provider's default" + (modelMax > 0 ? " (up to " + modelMax + ")" : "")
                    + " or ask for a shorter answer";
        } else {
            change = "the model's output limit is reached: ask for a shorter answer or split the task into parts";
        }
        if (usage.reasoningTokens() * 2 >= usage.completionTokens() && usage.reasoningTokens() > 0) {
            change += "; or lower reasoning_effort so fewer tokens go to hidden reasoning";
        }
        return Optional.of(Suggestion.of(
                Suggestion.OUTPUT_TRUNCATED,
                Severity.WARNING,
                "The answer was cut off at the token limit",
                evidence.toString(),
                change));
    }
}
