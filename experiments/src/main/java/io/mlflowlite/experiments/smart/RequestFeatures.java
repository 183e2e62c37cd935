package io.mlflowlite.experiments.smart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cheap features of one chat request that {@link RequestAnalyzer} measured: its size, maths, code and
 * reasoning signals, the output format it asks for and its script. {@link #vector()} is the same in a fixed order
 * ({@link #NAMES}) for a classifier; {@link #asMap()} for a route decision; {@link #summary()} a few words for
 * people ("multi-step arithmetic"). Immutable.
 *
 * @param chars          characters of the system and user text
 * @param tokens         estimated tokens (characters / 4, at least 1)
 * @param numbers        numbers in the last user message
 * @param operators      arithmetic operators between numbers ({@code 3 + 4}, {@code 15% of})
 * @param quantityAsk    asks for a quantity ("how many", "how much", "how far", "in total")
 * @param units          unit or currency mentions ({@code $}, {@code km}, {@code kg}, {@code hours}, {@code %})
 * @param code           code signals (fences, keywords, brackets and semicolons)
 * @param multiStep      multi-step or reasoning signals ("step by step", "first … then", several sentences with
 *                       numbers)
 * @param questions      question marks in the last user message
 * @param sentences      sentences in the last user message
 * @param json           asks for JSON (a JSON {@code response_format} or the word "JSON")
 * @param schemaFields   properties of the requested JSON schema (0 without one)
 * @param list           asks for a list
 * @param oneWord        asks for one word or label only
 * @param choice         asks to pick one of given labels or categories (classification)
 * @param summarize      asks for a summary
 * @param extract        asks to extract fields
 * @param nonLatin       share of letters outside the Latin script, 0–1
 * @param system         has a system or developer message
 * @param turns          messages in the request
 * @param script         the dominant script: latin, cyrillic, greek, arabic, hebrew, cjk, devanagari, other
 */
public record RequestFeatures(
        int chars,
        int tokens,
        int numbers,
        int operators,
        boolean quantityAsk,
        int units,
        int code,
        int multiStep,
        int questions,
        int sentences,
        boolean json,
        int schemaFields,
        boolean list,
        boolean oneWord,
        boolean choice,
        boolean summarize,
        boolean extract,
        double nonLatin,
        boolean system,
        int turns,
        String script) {

    /** The names of {@link #vector()}'s entries, in order. */
    public static final List<String> NAMES = List.of(
            "log_tokens",
            "log_numbers",
            "operators",
            "quantity_ask",
            "units",
            "code",
            "multi_step",
            "questions",
            "log_sentences",
            "json",
            "log_schema_fields",
            "list",
            "one_word",
            "choice",
            "summarize",
            "extract",
            "non_latin",
            "system",
            "turns",
            "maths",
            "multi_step_maths");

    /** How many numbers {@link #vector()} has. */
    public static final int DIMENSIONS = NAMES.size();

    /** Whether the request looks like a maths task: numbers with an operator or a quantity question. */
    public boolean maths() {
        return numbers > 0 && (operators > 0 || quantityAsk);
    }

    /** Whether the request looks like a maths task needing several steps. */
    public boolean multiStepMaths() {
        return maths() && (multiStep > 0 || numbers >= 3);
    }

    /** The features as numbers for a classifier, in the order of {@link #NAMES}. */
    public double[] vector() {
        return new double[] {
            Math.log1p(tokens),
            Math.log1p(numbers),
            Math.min(operators, 3),
            b(quantityAsk),
            Math.min(units, 3),
            Math.min(code, 3),
            Math.min(multiStep, 3),
            Math.min(questions, 3),
            Math.log1p(sentences),
            b(json),
            Math.log1p(schemaFields),
            b(list),
            b(oneWord),
            b(choice),
            b(summarize),
            b(extract),
            nonLatin,
            b(system),
            Math.min(turns, 5),
            b(maths()),
            b(multiStepMaths())
        };
    }

    private static double b(boolean value) {
        return value ? 1 : 0;
    }

    /** The features by name, for a {@link io.mlflowlite.routing.RouteDecision}; zero and false ones left out. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tokens", tokens);
        putIf(map, "numbers", numbers);
        putIf(map, "operators", operators);
        putIf(map, "quantity_ask", quantityAsk);
        putIf(map, "units", units);
        putIf(map, "code", code);
        putIf(map, "multi_step", multiStep);
        putIf(map, "questions", questions);
        map.put("sentences", sentences);
        putIf(map, "json", json);
        putIf(map, "schema_fields", schemaFields);
        putIf(map, "list", list);
        putIf(map, "one_word", oneWord);
        putIf(map, "choice", choice);
        putIf(map, "summarize", summarize);
        putIf(map, "extract", extract);
        map.put("script", script);
        return map;
    }

    private static void putIf(Map<String, Object> map, String key, int value) {
        if (value != 0) {
            map.put(key, value);
        }
    }

    private static void putIf(Map<String, Object> map, String key, boolean value) {
        if (value) {
            map.put(key, true);
        }
    }

    /** What kind of request this is, in a few words: "multi-step arithmetic", "JSON extraction (7 fields)". */
    public String summary() {
        String kind;
        if (multiStepMaths()) {
            kind = "multi-step arithmetic";
        } else if (maths()) {
            kind = "arithmetic";
        } else if (json || schemaFields > 0) {
            kind = (extract ? "JSON extraction" : "JSON output")
                    + (schemaFields > 0 ? " (" + schemaFields + " fields)" : "");
        } else if (code > 1) {
            kind = "code";
        } else if (choice || oneWord) {
            kind = "classification";
        } else if (summarize) {
            kind = "summary";
        } else if (multiStep > 0) {
            kind = "multi-step request";
        } else if (list) {
            kind = "list";
        } else {
            kind = tokens > 200 ? "long request" : "short question";
        }
        return "latin".equals(script) ? kind : kind + ", " + script + " script";
    }
}
