package io.mlflowlite.error;

import java.util.List;

/** The model name matches nothing this gateway can serve; {@link #closeMatches()} lists the nearest names. */
public final class UnknownModelException extends InvalidRequestException {
    private final String model;
    private final List<String> closeMatches;

    public UnknownModelException(String model, List<String> closeMatches, String hint) {
        super(message(model, closeMatches, hint), "model");
        this.model = model;
        this.closeMatches = List.copyOf(closeMatches);
    }

    private static String message(String model, List<String> closeMatches, String hint) {
        StringBuilder text = new StringBuilder("Unknown model '").append(model).append("'.");
        if (!closeMatches.isEmpty()) {
            text.append(" Did you mean: ")
                    .append(String.join(", ", closeMatches))
                    .append('?');
        }
        if (hint != null) {
            text.append(' ').append(hint);
        }
        return text.toString();
    }

    /** The name that was asked for. */
    public String model() {
        return model;
    }

    /** Known names closest to the one asked for, best first; may be empty. */
    public List<String> closeMatches() {
        return closeMatches;
    }
}
