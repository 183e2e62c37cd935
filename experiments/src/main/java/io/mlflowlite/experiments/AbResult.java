package io.mlflowlite.experiments;

import io.mlflowlite.chat.ChatResponse;

/**
 * What {@link AbTest#run} returns: the variant that served the call and its response (whose trace carries the
 * experiment and variant as tags). Immutable.
 */
public record AbResult(String variant, ChatResponse response) {
    /** The response's text. */
    public String content() {
        return response.content();
    }
}
