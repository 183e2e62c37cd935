package io.mlflowlite.suggest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.eval.ModelAnswers;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the suggestion model's answer, strictly: a JSON array (optionally inside one Markdown code fence,
 * which models add even when told not to) of objects with non-blank string fields {@code kind},
 * {@code severity} (INFO, WARNING or CRITICAL, any case), {@code title}, {@code evidence} and {@code change},
 * and an optional non-negative number {@code estimated_saving_usd_per_1000_calls}. Anything else fails with a
 * message naming the element and field, which is sent back to the model for its one repair attempt.
 */
final class SuggestionParser {
    /** The shared mapper, but failing on text after the JSON value ({@code [] and more}). */
    static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static final String SAVING_FIELD = "estimated_saving_usd_per_1000_calls";

    /** Why an answer was rejected. */
    static final class InvalidAnswer extends Exception {
        InvalidAnswer(String message) {
            super(message);
        }
    }

    private SuggestionParser() {}

    static List<Suggestion> parse(String answer) throws InvalidAnswer {
        String text = ModelAnswers.unfence(answer == null ? "" : answer.strip());
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidAnswer("not valid JSON: " + ModelAnswers.shortError(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidAnswer("not valid JSON: " + ModelAnswers.shortError(e.getMessage()));
        }
        if (root == null || !root.isArray()) {
            throw new InvalidAnswer("expected a JSON array of suggestions, got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        List<Suggestion> suggestions = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            suggestions.add(suggestion(root.get(i), "[" + i + "]"));
        }
        return suggestions;
    }

    private static Suggestion suggestion(JsonNode node, String where) throws InvalidAnswer {
        if (!node.isObject()) {
            throw new InvalidAnswer(where + " is not an object");
        }
        String severity = text(node, "severity", where).toUpperCase(Locale.ROOT);
        Severity level;
        try {
            level = Severity.valueOf(severity);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswer(where + ".severity must be INFO, WARNING or CRITICAL, was \"" + severity + "\"");
        }
        Optional<BigDecimal> saving = Optional.empty();
        JsonNode amount = node.get(SAVING_FIELD);
        if (amount != null && !amount.isNull()) {
            if (!amount.isNumber() || amount.decimalValue().signum() < 0) {
                throw new InvalidAnswer(where + "." + SAVING_FIELD + " must be a non-negative number");
            }
            saving = Optional.of(amount.decimalValue());
        }
        return new Suggestion(
                text(node, "kind", where).toUpperCase(Locale.ROOT),
                level,
                text(node, "title", where),
                text(node, "evidence", where),
                text(node, "change", where),
                saving);
    }

    private static String text(JsonNode node, String field, String where) throws InvalidAnswer {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidAnswer(where + "." + field + " must be a non-empty string");
        }
        return value.asText().strip();
    }
}
