package io.mlflowlite.chat;

/**
 * One generated alternative.
 *
 * @param index        its position (0 unless {@code n > 1})
 * @param message      the assistant message
 * @param finishReason why it ended ({@link FinishReason#STOP}, {@link FinishReason#LENGTH} …); null when not known
 */
public record Choice(int index, Message message, FinishReason finishReason) {}
