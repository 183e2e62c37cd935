package io.mlflowlite.chat;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Token counts of one response.
 *
 * @param promptTokens      input tokens, cached ones included (OpenAI's convention; Anthropic's are summed in)
 * @param completionTokens  output tokens, reasoning ones included
 * @param totalTokens       prompt + completion
 * @param cachedTokens      input tokens read from the provider's prompt cache (billed at the cached rate)
 * @param cacheWriteTokens  input tokens written to the prompt cache (Anthropic's cache creation), else 0
 * @param reasoningTokens   output tokens spent on hidden reasoning
 * @param estimated         true when the provider reported no usage and these were counted locally
 * @param serverToolUse     requests the provider's own tools made and billed apart from tokens, by Anthropic's
 *                          name ({@code web_search_requests}, {@code web_fetch_requests} …); empty when none
 */
public record Usage(
        int promptTokens,
        int completionTokens,
        int totalTokens,
        int cachedTokens,
        int cacheWriteTokens,
        int reasoningTokens,
        boolean estimated,
        Map<String, Integer> serverToolUse) {

    public static final Usage EMPTY = new Usage(0, 0, 0, 0, 0, 0, false);

    public Usage {
        serverToolUse = serverToolUse == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(serverToolUse));
    }

    /** Usage without server-tool requests. */
    public Usage(
            int promptTokens,
            int completionTokens,
            int totalTokens,
            int cachedTokens,
            int cacheWriteTokens,
            int reasoningTokens,
            boolean estimated) {
        this(
                promptTokens,
                completionTokens,
                totalTokens,
                cachedTokens,
                cacheWriteTokens,
                reasoningTokens,
                estimated,
                Map.of());
    }

    /** This usage with {@code requests} server-tool requests. */
    public Usage withServerToolUse(Map<String, Integer> requests) {
        return new Usage(
                promptTokens,
                completionTokens,
                totalTokens,
                cachedTokens,
                cacheWriteTokens,
                reasoningTokens,
                estimated,
                requests);
    }

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, 0, 0, 0, false);
    }

    /** Sums two usages, e.g. over the attempts or steps of one call. */
    public Usage plus(Usage other) {
        return new Usage(
                promptTokens + other.promptTokens,
                completionTokens + other.completionTokens,
                totalTokens + other.totalTokens,
                cachedTokens + other.cachedTokens,
                cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens,
                estimated || other.estimated,
                sum(serverToolUse, other.serverToolUse));
    }

    private static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Integer> total = new TreeMap<>(a);
        b.forEach((name, count) -> total.merge(name, count, Integer::sum));
        return total;
    }
}
