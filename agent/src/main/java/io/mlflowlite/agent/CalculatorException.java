package io.mlflowlite.agent;

/**
 * An expression the {@link Calculator} rejects: a syntax error, an unknown name, a wrong number of function
 * arguments, or a result that is not a finite number (division by zero, {@code sqrt(-1)}, overflow). The message
 * names the problem and, where one exists, the 1-based position in the input; the calculator agent tool feeds it
 * back to the model so it can correct the expression.
 */
public final class CalculatorException extends IllegalArgumentException {
    private final int position;

    CalculatorException(String message, int position) {
        this(message, position, null);
    }

    /** With a {@code hint} on how to fix it, after the position. */
    CalculatorException(String message, int position, String hint) {
        super((position > 0 ? message + " at position " + position : message) + (hint == null ? "" : "; " + hint));
        this.position = position;
    }

    /** The 1-based character position the problem was found at, or 0 when it concerns the whole input. */
    public int position() {
        return position;
    }
}
