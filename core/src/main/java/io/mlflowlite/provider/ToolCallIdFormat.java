package io.mlflowlite.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Tool call ids as the provider receiving them accepts them. An id handed out by one provider may break another's
 * rules: a Gemini id carries its thought signature (hundreds of characters with {@code ~ + / =}), while Anthropic
 * takes only {@code [A-Za-z0-9_-]} and OpenAI at most 40 characters. An id that breaks the receiver's rules is
 * replaced by {@code call_} and 24 hex digits of its SHA-256, the same for the assistant's call and the tool
 * result that answers it, so they still pair; the caller keeps the original id, so the signature still reaches
 * Gemini when the conversation goes back there. Stateless and thread-safe.
 */
public final class ToolCallIdFormat {
    private static final Pattern ANTHROPIC = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern OPENAI = Pattern.compile("[\\x21-\\x7e]{1,40}");

    private ToolCallIdFormat() {}

    /** {@code id} as Anthropic's {@code tool_use.id} / {@code tool_use_id} accept it. */
    public static String forAnthropic(String id) {
        return id == null || ANTHROPIC.matcher(id).matches() ? id : digest(id);
    }

    /** {@code id} as OpenAI's {@code tool_calls[].id} / {@code tool_call_id} accept it. */
    public static String forOpenAi(String id) {
        return id == null || OPENAI.matcher(id).matches() ? id : digest(id);
    }

    private static String digest(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
