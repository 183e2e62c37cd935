package io.mlflowlite.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exact checks behind the task scorers ({@link Scorers#numericMatch}, {@link Scorers#labelMatch},
 * {@link Scorers#jsonFieldMatch}, {@link Scorers#keyFacts}). Stateless.
 */
final class TaskChecks {
    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?");

    private TaskChecks() {}

    /** The last number written in {@code text} (thousands separators dropped), or null when there is none. */
    static BigDecimal lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last == null ? null : new BigDecimal(last.replace(",", ""));
    }

    static Feedback numeric(ScorerInput in) {
        String expectedText = in.expectedResponse().orElseThrow().strip();
        BigDecimal expected;
        try {
            expected = new BigDecimal(expectedText.replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "numeric_match needs a number as expected_response, got \"" + expectedText + "\"", e);
        }
        BigDecimal found = lastNumber(in.outputsText());
        if (found == null) {
            return Feedback.of(false, "no number in the output");
        }
        boolean same = found.compareTo(expected) == 0;
        return Feedback.of(
                same,
                "the final number " + found.toPlainString() + (same ? " equals " : " differs from ")
                        + expected.toPlainString());
    }

    static Feedback label(ScorerInput in) {
        String expected = in.expectedResponse().orElseThrow().strip().toLowerCase(Locale.ROOT);
        String out = in.outputsText()
                .strip()
                .replaceAll("^[\"'`*]+|[\"'`*.!]+$", "")
                .strip()
                .toLowerCase(Locale.ROOT);
        if (out.equals(expected)) {
            return Feedback.of(true, "the output is the label \"" + expected + "\"");
        }
        return Feedback.of(false, "the output " + shown(out) + " is not the label \"" + expected + "\"");
    }

    static Feedback jsonFields(ScorerInput in) {
        JsonNode expected = Json.tree(in.expectation("expected_json").orElseThrow());
        JsonNode value;
        try {
            value = STRICT.readTree(in.outputsText().strip());
        } catch (JsonProcessingException e) {
            return Feedback.of(false, "not valid JSON: " + e.getOriginalMessage());
        }
        if (value == null || !value.isObject()) {
            return Feedback.of(false, "not a JSON object");
        }
        Object schema = in.inputs().get("schema");
        if (schema instanceof Map<?, ?>) {
            List<String> violations = new JsonSchemaCheck(Json.tree(schema)).violations(value);
            if (!violations.isEmpty()) {
                return Feedback.of(false, "does not match the schema: " + String.join("; ", violations));
            }
        }
        List<String> wrong = new ArrayList<>();
        expected.properties().forEach(field -> {
            JsonNode got = value.get(field.getKey());
            if (got == null) {
                wrong.add(field.getKey() + " is missing");
            } else if (!same(field.getValue(), got)) {
                wrong.add(field.getKey() + " is " + got + ", expected " + field.getValue());
            }
        });
        return wrong.isEmpty()
                ? Feedback.of(true, "every expected field matches")
                : Feedback.of(false, String.join("; ", wrong));
    }

    static Feedback keyFacts(ScorerInput in) {
        List<String> facts = in.expectationList(EvalRow.EXPECTED_FACTS);
        String out = in.outputsText().toLowerCase(Locale.ROOT);
        List<String> missing = new ArrayList<>();
        for (String fact : facts) {
            if (!out.contains(fact.toLowerCase(Locale.ROOT))) {
                missing.add("\"" + fact + "\"");
            }
        }
        return missing.isEmpty()
                ? Feedback.of(true, "states all " + facts.size() + " key facts")
                : Feedback.of(
                        false,
                        "misses " + missing.size() + " of " + facts.size() + " key facts: "
                                + String.join(", ", missing));
    }

    private static boolean same(JsonNode expected, JsonNode got) {
        if (expected.isNumber() && got.isNumber()) {
            return expected.decimalValue().compareTo(got.decimalValue()) == 0;
        }
        return expected.equals(got);
    }

    private static String shown(String text) {
        return "\"" + (text.length() <= 60 ? text : text.substring(0, 59) + "…") + "\"";
    }
}
