package io.mlflowlite.provider.mock;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Token arithmetic on OpenAI's {@code cl100k_base} encoding: counting, truncating to a budget and cutting
 * text into stream deltas. Thread-safe (jtokkit encodings are stateless).
 */
final class Tokens {
    /** Special-token text such as {@code <|endoftext|>} in user input is counted as ordinary text. */
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private Tokens() {}

    static int count(String text) {
        return io.mlflowlite.internal.tokens.LinearTokenCount.count(CL100K, text);
    }

    /** {@code text} cut to at most {@code maxTokens} tokens, or {@code text} itself when it fits. */
    static String truncate(String text, int maxTokens) {
        EncodingResult result = CL100K.encodeOrdinary(text, maxTokens);
        return result.isTruncated() ? CL100K.decode(result.getTokens()) : text;
    }

    /**
     * {@code text} cut into pieces of about {@code tokensPerPiece} tokens whose concatenation is exactly
     * {@code text}. A piece never ends inside a multi-byte character, even where one token does.
     */
    static List<Piece> pieces(String text, int tokensPerPiece) {
        List<Piece> pieces = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        IntArrayList tokens = CL100K.encodeOrdinary(text);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        IntArrayList group = new IntArrayList(tokensPerPiece);
        int pendingTokens = 0;
        for (int i = 0; i < tokens.size(); i++) {
            group.add(tokens.get(i));
            if (group.size() == tokensPerPiece || i == tokens.size() - 1) {
                pending.writeBytes(CL100K.decodeBytes(group));
                pendingTokens += group.size();
                group.clear();
                byte[] bytes = pending.toByteArray();
                int complete = i == tokens.size() - 1 ? bytes.length : completeUtf8Prefix(bytes);
                if (complete > 0) {
                    pieces.add(new Piece(new String(bytes, 0, complete, StandardCharsets.UTF_8), pendingTokens));
                    pending.reset();
                    pending.write(bytes, complete, bytes.length - complete);
                    pendingTokens = 0;
                }
            }
        }
        return pieces;
    }

    /** The length of the longest prefix of {@code bytes} that does not end inside a UTF-8 sequence. */
    private static int completeUtf8Prefix(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= Math.min(4, end); back++) {
            int b = bytes[end - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            return length <= back ? end : end - back;
        }
        return end;
    }

    /** A stream delta and the tokens it holds (which pace it). */
    record Piece(String text, int tokens) {}
}
