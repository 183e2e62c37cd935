package io.mlflowlite.internal.tokens;

import com.knuddels.jtokkit.api.Encoding;

/**
 * Counts tokens in time linear in the text's length. jtokkit merges each pre-token (a word, a run of digits or
 * punctuation) pair by pair, which costs the square of its length: one 256 KiB run without a space took 4 s, and a
 * 10 MiB prompt could pin a core for minutes. Text is counted in slices of at most {@link #SLICE} characters, cut
 * before a whitespace where there is one (where the encoding's own pre-tokenizer splits, so the count is exact);
 * a run with no whitespace is cut hard, which can add about one token per slice of such a run. Not API.
 */
public final class LinearTokenCount {
    /** The longest slice handed to the encoder: merging stays about as fast per character as in prose. */
    static final int SLICE = 256;

    private LinearTokenCount() {}

    /** The tokens of {@code text} counted as ordinary text (special-token look-alikes are text). */
    public static int count(Encoding encoding, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() <= SLICE) {
            return encoding.countTokensOrdinary(text);
        }
        int tokens = 0;
        int start = 0;
        while (start < text.length()) {
            int end = cut(text, start);
            tokens += encoding.countTokensOrdinary(text.substring(start, end));
            start = end;
        }
        return tokens;
    }

    /** Where the slice starting at {@code start} ends: before the last whitespace in it, else at its full length. */
    static int cut(String text, int start) {
        int limit = start + SLICE;
        if (limit >= text.length()) {
            return text.length();
        }
        for (int i = limit; i > start + SLICE / 2; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        // no whitespace: cut hard, but never between the two halves of a surrogate pair
        return Character.isLowSurrogate(text.charAt(limit)) ? limit - 1 : limit;
    }
}
