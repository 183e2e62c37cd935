package io.mlflowlite.chat;

import io.mlflowlite.error.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How much a reasoning model thinks before it answers: OpenAI's {@code reasoning_effort} values. Each provider
 * maps it to its own knob (Anthropic a thinking budget, Gemini a thinking budget or level); a closed set, so a
 * switch covers every value and a misspelt one is refused before any network call.
 */
public enum ReasoningEffort {
    /** No reasoning where the model allows it. */
    NONE,
    MINIMAL,
    LOW,
    MEDIUM,
    HIGH,
    /** More than high, where the model offers it. */
    XHIGH;

    /** The wire value: {@code low}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The effort a wire value names ({@code "low"}, any case), or null for null.
     *
     * @throws InvalidRequestException naming the valid values, for any other
     */
    public static ReasoningEffort of(String wire) {
        if (wire == null) {
            return null;
        }
        try {
            return valueOf(wire.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "reasoning_effort '" + wire + "' is not one of " + valuesText(), "reasoning_effort");
        }
    }

    /** {@code none, minimal, low, medium, high, xhigh}. */
    public static String valuesText() {
        return String.join(
                ", ", Arrays.stream(values()).map(ReasoningEffort::wire).toList());
    }
}
