package io.mlflowlite.chat;

/**
 * Observes a {@link ChatStream} on the consuming thread. Contract: fast, never throws, no blocking I/O.
 * Exactly one of {@link #onComplete}, {@link #onError} or {@link #onCancel} is called, once.
 */
public interface StreamListener {
    default void onChunk(ChatChunk chunk) {}

    /** The stream ended normally; {@code response} is every chunk accumulated, finished by the pipeline. */
    default void onComplete(ChatResponse response) {}

    /** The stream failed; {@code partial} accumulates what arrived before the failure. */
    default void onError(RuntimeException error, ChatResponse partial) {}

    /** The caller closed the stream before its end; {@code partial} is what arrived. */
    default void onCancel(ChatResponse partial) {}
}
