package io.mlflowlite.provider.openai;

/**
 * How one OpenAI-compatible provider's chat and embeddings API differs from OpenAI's, keyed by
 * {@link io.mlflowlite.provider.Deployment#provider()}. Everything the adapter does differently per provider is
 * in this one place. Immutable.
 *
 * @param maxTokensField    the request field for the output token limit
 * @param seedField         the request field for the sampling seed
 * @param streamOptions     whether to send {@code stream_options: {include_usage: true}} when streaming
 * @param requiredToolChoice the {@code tool_choice} value meaning "must call a tool"
 * @param sendsUser         whether the chat and embeddings APIs accept {@code user}
 * @param sendsReasoningEffort whether the chat API accepts {@code reasoning_effort}
 * @param dimensionsField   the embeddings request field for the output dimensions
 * @param developerRole     whether the {@code developer} role is understood; where not, it is sent as
 *                          {@code system}, which is what it means
 */
record CompatProfile(
        String maxTokensField,
        String seedField,
        boolean streamOptions,
        String requiredToolChoice,
        boolean sendsUser,
        boolean sendsReasoningEffort,
        String dimensionsField,
        boolean developerRole) {

    /**
     * OpenAI itself: o-series and gpt-5 models reject {@code max_tokens} and need {@code max_completion_tokens}
     * (older models accept both).
     */
    static final CompatProfile OPENAI =
            new CompatProfile("max_completion_tokens", "seed", true, "required", true, true, "dimensions", true);

    /**
     * Servers that copy OpenAI's API (Ollama, vLLM, LM Studio, DeepSeek, Groq, Together, OpenRouter, xAI …):
     * they know the long-standing {@code max_tokens}, not always {@code max_completion_tokens}, and they accept
     * {@code stream_options} (or ignore it). Many chat templates know no {@code developer} role.
     */
    static final CompatProfile COMPATIBLE =
            new CompatProfile("max_tokens", "seed", true, "required", true, true, "dimensions", false);

    /**
     * Mistral's API validates request fields strictly and names some differently: the seed is
     * {@code random_seed}, "must call a tool" is {@code any}, there is no {@code stream_options} (the last chunk
     * carries usage anyway), no {@code user}, no {@code reasoning_effort}, no {@code developer} role, and
     * embeddings take {@code output_dimension}.
     */
    static final CompatProfile MISTRAL =
            new CompatProfile("max_tokens", "random_seed", false, "any", false, false, "output_dimension", false);

    /**
     * The profile for {@code provider}: {@code openai}, {@code mistral}, or {@link #COMPATIBLE} for
     * {@code ollama}, {@code vllm}, {@code lmstudio}, {@code openai-compatible}, {@code deepseek}, {@code groq},
     * {@code together}, {@code openrouter}, {@code xai} and any name not known here.
     */
    static CompatProfile of(String provider) {
        if (provider == null) {
            return COMPATIBLE;
        }
        return switch (provider) {
            case "openai" -> OPENAI;
            case "mistral" -> MISTRAL;
            default -> COMPATIBLE;
        };
    }
}
