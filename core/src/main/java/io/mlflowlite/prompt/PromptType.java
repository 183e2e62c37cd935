package io.mlflowlite.prompt;

/** Whether a prompt is one text template or a list of role/content messages. A name holds one type only. */
public enum PromptType {
    /** A single string, sent as the user message when rendered into a request. */
    TEXT,
    /** A list of messages, each with a role and a content template. */
    CHAT;

    /** {@code text} or {@code chat}, as stored and shown. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code text} or {@code chat}, any case. */
    public static PromptType parse(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }
}
