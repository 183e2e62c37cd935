package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.UrlCitations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gemini's {@code finishReason} in OpenAI's terms, the candidate fields OpenAI has no place for, and the finishes
 * that are failures. Stateless.
 *
 * <ul>
 *   <li>{@code STOP} → stop (tool_calls when the candidate called functions); {@code MAX_TOKENS} → length;
 *       {@code SAFETY}, {@code RECITATION}, {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII},
 *       and the {@code IMAGE_*} filters → content_filter.</li>
 *   <li>{@code OTHER}, {@code MALFORMED_FUNCTION_CALL}, {@code UNEXPECTED_TOOL_CALL}, {@code TOO_MANY_TOOL_CALLS},
 *       {@code NO_IMAGE}, {@code LANGUAGE}, {@code FINISH_REASON_UNSPECIFIED} and reasons added later are error finishes: a
 *       candidate that ends so with no content is a {@link ProviderException} (retryable for {@code OTHER},
 *       {@code MALFORMED_FUNCTION_CALL}, unspecified and unknown reasons, which Google's documentation treats as
 *       transient; the others fail the same way again); with content it is a stop (tool_calls when it called functions).</li>
 *   <li>Every reason but {@code STOP} and {@code MAX_TOKENS} is also written as {@code native_finish_reason};
 *       {@code finishMessage}, {@code safetyRatings} and {@code citationMetadata} as {@code finish_message},
 *       {@code safety_ratings} and {@code citation_metadata}.</li>
 * </ul>
 */
final class GeminiFinish {
    static final String NATIVE_FINISH_REASON = "native_finish_reason";
    private static final Set<String> FILTERED = Set.of(
            "SAFETY",
            "RECITATION",
            "BLOCKLIST",
            "PROHIBITED_CONTENT",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION",
            "IMAGE_OTHER");
    private static final Set<String> NOT_RETRYABLE =
            Set.of("UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS", "NO_IMAGE", "LANGUAGE");

    private GeminiFinish() {}

    /** The finish reason, or null when the candidate has not finished. */
    static FinishReason reason(String gemini, boolean calledTools) {
        if (gemini == null || gemini.isEmpty()) {
            return null;
        }
        if ("MAX_TOKENS".equals(gemini)) {
            return FinishReason.LENGTH;
        }
        if (FILTERED.contains(gemini)) {
            return FinishReason.CONTENT_FILTER;
        }
        return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }

    /** Whether {@code gemini} says the generation failed rather than ended. */
    static boolean isError(String gemini) {
        return gemini != null
                && !gemini.isEmpty()
                && !"STOP".equals(gemini)
                && !"MAX_TOKENS".equals(gemini)
                && !FILTERED.contains(gemini);
    }

    /** The failure of a candidate that ended with the error finish {@code gemini} and no content. */
    static ProviderException failure(String provider, String gemini, String finishMessage) {
        boolean retryable = !NOT_RETRYABLE.contains(gemini);
        String message = "the candidate ended with finishReason " + gemini + " and no content"
                + (finishMessage == null ? "" : ": " + finishMessage);
        return new ProviderException(provider, retryable ? 500 : 400, gemini, null, message, retryable);
    }

    /** The candidate's fields OpenAI has no place for, by their extension names. */
    static Map<String, JsonNode> fields(JsonNode candidate) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        String reason = Json.text(candidate, "finishReason");
        if (reason != null && !"STOP".equals(reason) && !"MAX_TOKENS".equals(reason)) {
            fields.put(NATIVE_FINISH_REASON, Json.MAPPER.getNodeFactory().textNode(reason));
        }
        copy(candidate, "finishMessage", "finish_message", fields);
        copy(candidate, "safetyRatings", "safety_ratings", fields);
        copy(candidate, "citationMetadata", "citation_metadata", fields);
        return fields;
    }

    /**
     * The candidate's cited web sources as OpenAI's {@code url_citation} annotations over {@code text} (Gemini
     * counts {@code startIndex}/{@code endIndex} in UTF-8 bytes); null when none has a URI.
     */
    static ArrayNode annotations(JsonNode candidate, String text) {
        JsonNode metadata = candidate.path("citationMetadata");
        JsonNode sources =
                metadata.has("citationSources") ? metadata.get("citationSources") : metadata.path("citations");
        ArrayNode annotations = UrlCitations.array();
        String content = text == null ? "" : text;
        for (JsonNode source : sources) {
            String uri = Json.text(source, "uri");
            if (uri != null && !uri.isEmpty()) {
                UrlCitations.add(
                        annotations,
                        UrlCitations.charIndex(
                                content, source.path("startIndex").asInt(0)),
                        UrlCitations.charIndex(content, source.path("endIndex").asInt(content.length() * 4)),
                        uri,
                        Json.text(source, "title"));
            }
        }
        return annotations.isEmpty() ? null : annotations;
    }

    private static void copy(JsonNode candidate, String from, String to, Map<String, JsonNode> fields) {
        JsonNode value = candidate.get(from);
        if (value != null && !value.isNull()) {
            fields.put(to, value.deepCopy());
        }
    }
}
