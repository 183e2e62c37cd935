package io.mlflowlite.chat;

/**
 * One block of a model's reasoning, kept so a conversation can continue on the provider that wrote it:
 * Anthropic rejects a tool-use turn sent back without the thinking blocks (and their signatures) that preceded
 * it. Shaped like LiteLLM's {@code thinking_blocks} entries.
 *
 * @param type      {@code thinking} (readable reasoning or a summary of it) or {@code redacted_thinking}
 *                  (encrypted by the provider)
 * @param thinking  the reasoning text of a {@code thinking} block; "" for a redacted one
 * @param signature the provider's signature over the block, or null when it sent none
 * @param data      the opaque payload of a {@code redacted_thinking} block, else null
 */
public record ReasoningBlock(String type, String thinking, String signature, String data) {
    public static final String THINKING = "thinking";
    public static final String REDACTED = "redacted_thinking";

    public ReasoningBlock {
        type = type == null ? THINKING : type;
        thinking = thinking == null ? "" : thinking;
    }

    /** A readable thinking block. */
    public static ReasoningBlock thinking(String text, String signature) {
        return new ReasoningBlock(THINKING, text, signature, null);
    }

    /** A redacted thinking block with its opaque payload. */
    public static ReasoningBlock redacted(String data) {
        return new ReasoningBlock(REDACTED, "", null, data);
    }
}
