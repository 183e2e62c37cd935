package io.mlflowlite.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Reads a judge's answer, strictly: exactly the JSON object {@code {"rationale": "...", "result": "yes"|"no"}}
 * (optionally inside one Markdown code fence, which models add even when told not to), with a non-blank string
 * rationale and a result of yes or no (any case; a number too for scoring judges). Anything else — prose around
 * it, a missing or extra field, another verdict — fails with a short reason, which goes back to the judge in its
 * one repair attempt.
 */
final class VerdictParser {
    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A parsed answer: {@code result} is {@code "yes"}, {@code "no"} or a Number. */
    record Verdict(String rationale, Object result) {}

    /** Why an answer was rejected. */
    static final class InvalidVerdict extends Exception {
        InvalidVerdict(String message) {
            super(message);
        }
    }

    private VerdictParser() {}

    static Verdict parse(String answer, boolean numeric) throws InvalidVerdict {
        String text = ModelAnswers.unfence(answer == null ? "" : answer.strip());
        if (text.isEmpty()) {
            throw new InvalidVerdict("the answer is empty");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidVerdict("not valid JSON: " + ModelAnswers.shortError(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidVerdict("not valid JSON: " + ModelAnswers.shortError(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidVerdict("expected a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("rationale") && !name.equals("result")) {
                throw new InvalidVerdict("unexpected field \"" + name + "\"; only rationale and result are allowed");
            }
        }
        JsonNode rationale = root.get("rationale");
        if (rationale == null || !rationale.isTextual() || rationale.asText().isBlank()) {
            throw new InvalidVerdict("\"rationale\" must be a non-empty string");
        }
        JsonNode result = root.get("result");
        if (result == null || result.isNull()) {
            throw new InvalidVerdict("\"result\" is missing");
        }
        if (numeric && result.isNumber()) {
            return new Verdict(rationale.asText().strip(), result.decimalValue());
        }
        String verdict = result.isTextual() ? result.asText().strip().toLowerCase(Locale.ROOT) : null;
        if (!"yes".equals(verdict) && !"no".equals(verdict)) {
            throw new InvalidVerdict(
                    "\"result\" must be \"yes\" or \"no\"" + (numeric ? " or a number" : "") + ", was " + result);
        }
        return new Verdict(rationale.asText().strip(), verdict);
    }
}
