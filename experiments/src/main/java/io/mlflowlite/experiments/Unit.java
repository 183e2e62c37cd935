package io.mlflowlite.experiments;

import io.mlflowlite.chat.ChatRequest;
import java.util.Locale;

/**
 * What an experiment assigns variants to: every call of one user (or session) gets the same variant, so a
 * person never flips between models mid-conversation. A call that lacks the key is assigned on its own, as
 * {@link #REQUEST} would.
 */
public enum Unit {
    /** The caller's user id: the request's {@code user} field, or metadata {@code user_id}. */
    USER,
    /** The session: request metadata {@code session_id}. */
    SESSION,
    /** Each call on its own (no stickiness). */
    REQUEST;

    /** The unit named {@code text} ({@code user}, {@code session}, {@code request}). */
    public static Unit parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unit: '" + text + "' is not one of user, session, request", e);
        }
    }

    /** The key of {@code request} for this unit, or null when the request carries none. */
    public String key(ChatRequest request) {
        return switch (this) {
            case USER ->
                request.user() != null ? request.user() : request.metadata().get("user_id");
            case SESSION -> request.metadata().get("session_id");
            case REQUEST -> null;
        };
    }

    /** Lower case, as configured. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
