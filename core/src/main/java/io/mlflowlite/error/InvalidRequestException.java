package io.mlflowlite.error;

/**
 * The request is wrong and sending it again unchanged will fail again: empty messages, an invalid role, a
 * tool result without its call, a negative {@code max_tokens}, an unknown model. Thrown before any network
 * call when mlflowlite can tell; the message says what was wrong and how to fix it.
 */
public class InvalidRequestException extends MlflowliteException {
    private final String param;

    public InvalidRequestException(String message) {
        this(message, null);
    }

    /** @param param the request field at fault ({@code messages[2].role}), or null */
    public InvalidRequestException(String message, String param) {
        super(message);
        this.param = param;
    }

    /** The request field at fault, such as {@code messages[2].role}; null when not one field. */
    public String param() {
        return param;
    }
}
