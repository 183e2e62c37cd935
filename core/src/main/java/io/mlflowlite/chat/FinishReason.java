package io.mlflowlite.chat;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * Why a choice ended, in OpenAI's terms: one of the {@link Known} reasons ({@code stop}, {@code length},
 * {@code tool_calls}, {@code content_filter}, {@code function_call}) or, for an OpenAI-compatible provider that
 * sends one of its own, {@link Other} with that value kept as sent. Each provider adapter maps its own reason to
 * this (Anthropic's {@code end_turn} and Gemini's {@code STOP} are {@link #STOP}; the provider's own value stays in
 * the {@code native_finish_reason} extension field); each outbound codec maps it back to its wire value. A closed
 * set: {@code switch} over it needs no default. Immutable.
 */
public sealed interface FinishReason permits FinishReason.Known, FinishReason.Other {
    FinishReason STOP = Known.STOP;
    FinishReason LENGTH = Known.LENGTH;
    FinishReason TOOL_CALLS = Known.TOOL_CALLS;
    FinishReason CONTENT_FILTER = Known.CONTENT_FILTER;
    FinishReason FUNCTION_CALL = Known.FUNCTION_CALL;

    /** The value of OpenAI's {@code finish_reason}: {@code stop}, or an {@link Other}'s value as sent. */
    @JsonValue
    String wire();

    /**
     * The reason an OpenAI {@code finish_reason} names: a {@link Known} one for its exact (lower-case) value, else
     * an {@link Other} keeping it; null for null.
     */
    static FinishReason of(String wire) {
        if (wire == null) {
            return null;
        }
        Known known = Known.of(wire);
        return known != null ? known : new Other(wire);
    }

    /** The wire value of {@code reason}, or null for null. */
    static String wire(FinishReason reason) {
        return reason == null ? null : reason.wire();
    }

    /** The reasons OpenAI's Chat Completions API defines. */
    enum Known implements FinishReason {
        /** A natural end or a stop sequence. */
        STOP("stop"),
        /** The token limit or the context window was reached. */
        LENGTH("length"),
        /** The model called tools. */
        TOOL_CALLS("tool_calls"),
        /** Content was withheld by a filter or refused. */
        CONTENT_FILTER("content_filter"),
        /** The model called a function (OpenAI's deprecated {@code functions}). */
        FUNCTION_CALL("function_call");

        private final String wire;

        Known(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        /** The reason {@code wire} names exactly, or null. */
        static Known of(String wire) {
            for (Known known : values()) {
                if (known.wire.equals(wire)) {
                    return known;
                }
            }
            return null;
        }
    }

    /**
     * A finish reason outside OpenAI's set, as the provider sent it (an OpenAI-compatible provider's own value).
     *
     * @param raw the provider's value, written back unchanged
     */
    record Other(String raw) implements FinishReason {
        public Other {
            Objects.requireNonNull(raw, "raw");
            if (Known.of(raw) != null) {
                throw new IllegalArgumentException(
                        "'" + raw + "' is a known finish reason: use FinishReason.of or FinishReason." + Known.of(raw));
            }
        }

        @Override
        public String wire() {
            return raw;
        }
    }
}
