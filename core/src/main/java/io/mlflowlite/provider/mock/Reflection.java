package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated reflection model ({@code mock/reflect}, behaviour {@code reflect}): reads a reflection prompt — the
 * current prompt in a {@code ```prompt} fenced block, then the rows it got wrong as {@code Inputs:},
 * {@code Output:}, {@code Expected:} and {@code Feedback:} lines, then optionally the edits already tried as
 * {@code - <edit>} lines under a line starting {@code Edits already tried} — and answers {@code Edit: <edit>}
 * followed by the rewritten prompt in a {@code ```prompt} fenced block.
 *
 * <p>It knows one small, documented vocabulary of edits and reads only the text it is given (never a target model's
 * profile): each failing row is evidence for one edit —
 * <ul>
 *   <li>{@code state the output format}: the feedback says the output is not valid JSON / not a JSON object / does
 *       not match the schema, or the output contains the expected answer with other text around it;</li>
 *   <li>{@code add step-by-step}: the feedback says a number differs from the expected one (or there is none);</li>
 *   <li>{@code add a constraint}: the feedback says key facts are missing;</li>
 *   <li>{@code add examples}: any other wrong answer (a wrong label, a wrong field).</li>
 * </ul>
 * It draws one edit the prompt does not have yet and that was not tried, with weight {@code 3 × evidence + 1}, from
 * the request's seed, so another seed can propose another edit. When no edit is left it returns the prompt
 * unchanged with {@code Edit: none}.
 */
final class Reflection {
    static final String FORMAT = "state the output format";
    static final String STEP = "add step-by-step";
    static final String CONSTRAINT = "add a constraint";
    static final String EXAMPLES = "add examples";
    static final List<String> EDITS = List.of(FORMAT, STEP, CONSTRAINT, EXAMPLES);

    private static final Pattern PROMPT_BLOCK = Pattern.compile("```prompt\\r?\\n(.*?)\\r?\\n```", Pattern.DOTALL);
    private static final int MAX_EXAMPLES = 3;

    private Reflection() {}

    /** One failing row as the reflection prompt shows it. */
    private record Row(Map<String, Object> inputs, String output, String expected, String feedback) {}

    static String reply(String prompt, Rng rng) {
        Matcher m = PROMPT_BLOCK.matcher(prompt);
        if (!m.find()) {
            return "I need the current prompt in a ```prompt fenced block to propose a rewrite.";
        }
        String current = m.group(1);
        List<Row> rows = rows(prompt.substring(m.end()));
        List<String> tried = tried(prompt.substring(m.end()));
        Map<String, Integer> evidence = new LinkedHashMap<>();
        EDITS.forEach(e -> evidence.put(e, 0));
        for (Row row : rows) {
            evidence.merge(classify(row), 1, Integer::sum);
        }
        List<String> open = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String edit : EDITS) {
            if (!tried.contains(edit) && !present(edit, current)) {
                open.add(edit);
                weights.add(3.0 * evidence.get(edit) + 1);
            }
        }
        if (open.isEmpty()) {
            return "Edit: none\n```prompt\n" + current + "\n```";
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        double draw = rng.nextDouble() * total;
        String edit = open.get(open.size() - 1);
        for (int i = 0; i < open.size(); i++) {
            draw -= weights.get(i);
            if (draw < 0) {
                edit = open.get(i);
                break;
            }
        }
        return "Edit: " + edit + "\n```prompt\n" + apply(edit, current, rows) + "\n```";
    }

    private static String classify(Row row) {
        String feedback = row.feedback().toLowerCase(Locale.ROOT);
        String out = row.output().toLowerCase(Locale.ROOT).strip();
        String expected = row.expected().toLowerCase(Locale.ROOT).strip();
        if (feedback.contains("not valid json")
                || feedback.contains("not a json object")
                || feedback.contains("does not match the schema")) {
            return FORMAT;
        }
        if (!expected.isEmpty() && out.contains(expected) && out.length() > expected.length() + 3) {
            return FORMAT;
        }
        if (feedback.contains("differs from") || feedback.contains("no number")) {
            return STEP;
        }
        if (feedback.contains("key facts")) {
            return CONSTRAINT;
        }
        return EXAMPLES;
    }

    private static boolean present(String edit, String prompt) {
        String p = prompt.toLowerCase(Locale.ROOT);
        return switch (edit) {
            case FORMAT ->
                p.contains("only the")
                        || p.contains("no other text")
                        || p.contains("nothing else")
                        || p.contains("format:");
            case STEP -> p.contains("step by step") || p.contains("step-by-step");
            case CONSTRAINT -> p.contains(" must ") || p.contains("never ") || p.contains("do not ");
            default -> p.contains("example:") || p.contains("examples:");
        };
    }

    private static String apply(String edit, String prompt, List<Row> rows) {
        Row first = rows.isEmpty() ? new Row(Map.of(), "", "", "") : rows.get(0);
        return switch (edit) {
            case FORMAT -> prompt + "\n" + formatSentence(first);
            case STEP -> prompt + "\nThink step by step.";
            case CONSTRAINT ->
                prompt + "\n"
                        + (rows.stream()
                                        .anyMatch(r -> r.feedback()
                                                .toLowerCase(Locale.ROOT)
                                                .contains("key facts"))
                                ? "The answer must keep every name, number and date."
                                : "You must answer exactly what is asked.");
            default -> examples(rows) + prompt;
        };
    }

    private static String formatSentence(Row row) {
        String expected = row.expected().strip();
        if (expected.startsWith("{")) {
            return "Return only the JSON object, with no other text.";
        }
        if (row.inputs().containsKey("labels")) {
            return "Respond with only the label.";
        }
        if (expected.matches("-?[0-9][0-9,]*(\\.[0-9]+)?")) {
            return "Answer with only the final number.";
        }
        return "Respond with only the answer, nothing else.";
    }

    private static String examples(List<Row> rows) {
        StringBuilder text = new StringBuilder("Examples:\n\n");
        int n = 0;
        for (Row row : rows) {
            if (n == MAX_EXAMPLES || row.expected().isBlank()) {
                continue;
            }
            Object question = row.inputs().get("question");
            String input =
                    question instanceof String q ? q : Json.tree(row.inputs()).toString();
            text.append("Question: ")
                    .append(input)
                    .append("\nAnswer: ")
                    .append(row.expected())
                    .append("\n\n");
            n++;
        }
        return n == 0 ? "Example: answer as the task asks.\n\n" : text.toString();
    }

    private static List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        Map<String, Object> inputs = null;
        String output = "";
        String expected = "";
        for (String line : text.split("\n")) {
            if (line.startsWith("Inputs: ")) {
                inputs = map(line.substring(8));
                output = "";
                expected = "";
            } else if (line.startsWith("Output: ")) {
                output = scalar(line.substring(8));
            } else if (line.startsWith("Expected: ")) {
                expected = scalar(line.substring(10));
            } else if (line.startsWith("Feedback: ") && inputs != null) {
                rows.add(new Row(inputs, output, expected, line.substring(10)));
                inputs = null;
            }
        }
        return rows;
    }

    private static List<String> tried(String text) {
        List<String> tried = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Edits already tried")) {
                in = true;
            } else if (in && line.startsWith("- ")) {
                tried.add(line.substring(2).strip().toLowerCase(Locale.ROOT));
            } else if (in && !line.isBlank()) {
                in = false;
            }
        }
        return tried;
    }

    private static Map<String, Object> map(String json) {
        try {
            JsonNode node = Json.read(json);
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties()
                        .forEach(e -> map.put(
                                e.getKey(),
                                e.getValue().isTextual()
                                        ? e.getValue().asText()
                                        : e.getValue().toString()));
                return map;
            }
        } catch (RuntimeException e) {
            // not JSON: treat the text as the question
        }
        return Map.of("question", json);
    }

    /** A JSON string's text, any other JSON value as compact JSON, anything else as is. */
    private static String scalar(String json) {
        try {
            JsonNode node = Json.read(json);
            return node.isTextual() ? node.asText() : node.toString();
        } catch (RuntimeException e) {
            return json;
        }
    }
}
