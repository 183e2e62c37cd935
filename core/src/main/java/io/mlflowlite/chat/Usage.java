package io.mlflowlite.chat;

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
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens, int cachedTokens,
        int cacheWriteTokens, int reasoningTokens, boolean estimated) {

    public static final Usage EMPTY = new Usage(0, 0, 0, 0, 0, 0, false);

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, 0, 0, 0, false);
    }

    /** Sums two usages, e.g. over the attempts or steps of one call. */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens, cachedTokens + other.cachedTokens,
                cacheWriteTokens + other.cacheWriteTokens, reasoningTokens + other.reasoningTokens,
                estimated || other.estimated);
    }
}
