package io.mlflowlite.provider.gemini;

/**
 * The tool call ids mlflowlite hands out for Gemini function calls, and the Gemini state they carry back.
 *
 * <p>Gemini function calls usually have no id, while OpenAI-style tool results must name the call they
 * answer. The id is {@code call_<n>_<name>}, where {@code n} counts the function calls of one candidate
 * from 0 in the order Gemini sent them, so a streamed and a non-streamed answer get the same ids; when
 * Gemini sends its own {@code functionCall.id}, that is used instead.
 *
 * <p>Gemini 3 models attach an opaque {@code thoughtSignature} to function call parts and reject the next
 * turn with HTTP 400 unless it is sent back on the same part. {@link io.mlflowlite.chat.ToolCall} has
 * nowhere else to keep it, and callers echo tool call ids verbatim, so the signature rides in the id after
 * {@value #SIGNATURE_MARK} (a character neither function names nor base64 use) and is restored when the
 * conversation is sent again. Such an id breaks Anthropic's and OpenAI's id rules, so their adapters send a
 * stand-in ({@link io.mlflowlite.provider.ToolCallIdFormat}); the caller keeps this one.
 */
final class ToolCallIds {
    static final char SIGNATURE_MARK = '~';

    private ToolCallIds() {}

    /** The id of the {@code ordinal}-th function call of a candidate. */
    static String of(int ordinal, String name, String geminiId, String thoughtSignature) {
        String base = geminiId != null && !geminiId.isEmpty() ? geminiId : "call_" + ordinal + "_" + name;
        return thoughtSignature == null || thoughtSignature.isEmpty() ? base : base + SIGNATURE_MARK + thoughtSignature;
    }

    /** The thought signature carried by {@code id}, or null when it carries none. */
    static String thoughtSignature(String id) {
        int mark = id == null ? -1 : id.indexOf(SIGNATURE_MARK);
        return mark < 0 || mark == id.length() - 1 ? null : id.substring(mark + 1);
    }
}
