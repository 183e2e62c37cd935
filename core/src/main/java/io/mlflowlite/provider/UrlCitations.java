package io.mlflowlite.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's place for web sources: the message's {@code annotations}, each
 * {@code {"type": "url_citation", "url_citation": {"start_index", "end_index", "url", "title"}}} over the content's
 * characters (code points, as OpenAI's SDKs index strings). Adapters add one per cited URL. Stateless.
 */
public final class UrlCitations {
    /** The message field OpenAI keeps annotations in. */
    public static final String FIELD = "annotations";

    private UrlCitations() {}

    /** Adds a {@code url_citation} of characters {@code start} to {@code end} to {@code annotations}. */
    public static void add(ArrayNode annotations, int start, int end, String url, String title) {
        ObjectNode annotation = annotations.addObject().put("type", "url_citation");
        ObjectNode citation = annotation.putObject("url_citation");
        citation.put("start_index", start);
        citation.put("end_index", end);
        citation.put("url", url);
        if (title != null) {
            citation.put("title", title);
        }
    }

    /** How many characters (code points) {@code text} has. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The character (code point) index of UTF-8 byte offset {@code bytes} in {@code text}, clamped to its length. */
    public static int charIndex(String text, int bytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int clamped = Math.max(0, Math.min(bytes, utf8.length));
        return length(new String(utf8, 0, clamped, StandardCharsets.UTF_8));
    }

    /** A new, empty annotations array. */
    public static ArrayNode array() {
        return Json.array();
    }
}
