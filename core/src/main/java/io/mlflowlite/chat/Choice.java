package io.mlflowlite.chat;

/**
 * One generated alternative.
 *
 * @param index        its position (0 unless {@code n > 1})
 * @param message      the assistant message
 * @param finishReason OpenAI's reason: {@code stop|length|tool_calls|content_filter}
 */
public record Choice(int index, Message message, String finishReason) {}
