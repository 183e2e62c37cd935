package io.mlflowlite.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Trace;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The shipped code scorers, and custom scorers from annotated methods. Code scorers read the output as text
 * ({@link ScorerInput#outputsText()}: a string as is, a chat completion's content, else JSON). Measurement scorers
 * (latency, cost, tokens) read the row's trace and report the measurement under their name; given a threshold
 * they also report {@code <name>_pass}, whether it was within it.
 */
public final class Scorers {
    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]+");

    private Scorers() {}

    /**
     * The built-in LLM judge called {@code name}: ours ({@code correctness}, {@code guidelines},
     * {@code relevance_to_query}, {@code faithfulness}, {@code conciseness}, {@code safety}) or MLflow 3's scorer
     * class names ({@code Correctness}, {@code Guidelines}, {@code ExpectationsGuidelines}, {@code RelevanceToQuery},
     * {@code RetrievalGroundedness}, {@code Safety}), in any case, CamelCase or snake_case, with - for _. The
     * judges read the row's fields ({@code expectations.guidelines} for guidelines); empty when no judge has that
     * name.
     */
    public static java.util.Optional<LlmJudge> judge(String name) {
        return java.util.Optional.ofNullable(judgeName(name)).map(n -> switch (n) {
            case JudgePrompt.CORRECTNESS -> new Correctness();
            case JudgePrompt.GUIDELINES -> new Guidelines();
            case JudgePrompt.RELEVANCE_TO_QUERY -> new RelevanceToQuery();
            case JudgePrompt.FAITHFULNESS -> new Faithfulness();
            case JudgePrompt.CONCISENESS -> new Conciseness();
            case JudgePrompt.SAFETY -> new Safety();
            default -> throw new IllegalStateException("no judge " + n);
        });
    }

    /**
     * Our judge name ({@link JudgePrompt#BUILTIN_JUDGES}) for {@code name} or one of its aliases (see
     * {@link #judge(String)}: {@code RetrievalGroundedness} and {@code groundedness} are {@code faithfulness},
     * {@code RelevanceToQuery} and {@code relevance} are {@code relevance_to_query}, {@code ExpectationsGuidelines}
     * is {@code guidelines}); null when it names no built-in judge.
     */
    public static String judgeName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String snake = name.strip()
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replace('-', '_');
        return switch (snake) {
            case "correctness" -> JudgePrompt.CORRECTNESS;
            case "guidelines", "expectations_guidelines" -> JudgePrompt.GUIDELINES;
            case "relevance_to_query", "relevance" -> JudgePrompt.RELEVANCE_TO_QUERY;
            case "faithfulness", "retrieval_groundedness", "groundedness" -> JudgePrompt.FAITHFULNESS;
            case "conciseness" -> JudgePrompt.CONCISENESS;
            case "safety" -> JudgePrompt.SAFETY;
            default -> null;
        };
    }

    /** The scorers of {@code target}'s {@link ScorerFunction} methods (a Class for static methods only), by name. */
    public static List<Scorer> from(Object target) {
        return AnnotatedScorers.of(target);
    }

    /** {@code exact_match}: the output text equals {@code expectations.expected_response} (both trimmed). */
    public static Scorer exactMatch() {
        return Scorer.ofInput(
                "exact_match",
                List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.EXPECTED_RESPONSE)),
                in -> {
                    String out = in.outputsText().strip();
                    String expected = in.expectedResponse().orElseThrow().strip();
                    return out.equals(expected)
                            ? Feedback.of(true, "the output equals expected_response")
                            : Feedback.of(
                                    false,
                                    "the output " + quote(out) + " differs from expected_response " + quote(expected));
                });
    }

    /** {@code contains}: the output text contains {@code text} (case-insensitive). */
    public static Scorer contains(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return Scorer.ofInput("contains", List.of(Requirement.OUTPUTS), in -> {
            boolean found = in.outputsText().toLowerCase(Locale.ROOT).contains(needle);
            return Feedback.of(found, (found ? "contains " : "does not contain ") + quote(text));
        });
    }

    /** {@code contains_expected}: the output text contains {@code expectations.expected_response} (case-insensitive). */
    public static Scorer containsExpected() {
        return Scorer.ofInput(
                "contains_expected",
                List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.EXPECTED_RESPONSE)),
                in -> {
                    String expected = in.expectedResponse().orElseThrow().strip();
                    boolean found =
                            in.outputsText().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT));
                    return Feedback.of(found, (found ? "contains " : "does not contain ") + quote(expected));
                });
    }

    /** {@code regex}: {@code pattern} is found in the output text. */
    public static Scorer regex(String pattern) {
        return regex("regex", pattern);
    }

    /** A regex scorer with its own name. */
    public static Scorer regex(String name, String pattern) {
        Pattern compiled = Pattern.compile(pattern);
        return Scorer.ofInput(name, List.of(Requirement.OUTPUTS), in -> {
            boolean found = compiled.matcher(in.outputsText()).find();
            return Feedback.of(found, (found ? "matches /" : "does not match /") + pattern + "/");
        });
    }

    /** {@code json_valid}: the output is JSON (an object or list output is; text must parse as one JSON value). */
    public static Scorer jsonValid() {
        return Scorer.ofInput("json_valid", List.of(Requirement.OUTPUTS), in -> {
            try {
                parse(in.outputs());
                return Feedback.of(true, "valid JSON");
            } catch (JsonProcessingException e) {
                return Feedback.of(false, "not valid JSON: " + e.getOriginalMessage());
            }
        });
    }

    /**
     * {@code matches_json_schema}: the output is JSON valid against {@code schema} (the keywords
     * {@code JsonSchemaCheck} supports; others are refused here, so a schema is never checked only in part).
     *
     * @throws IllegalArgumentException when the schema is not JSON or uses an unsupported keyword
     */
    public static Scorer matchesJsonSchema(String schema) {
        return matchesJsonSchema(Json.read(schema));
    }

    /** Like {@link #matchesJsonSchema(String)} for a parsed schema. */
    public static Scorer matchesJsonSchema(JsonNode schema) {
        JsonSchemaCheck check = new JsonSchemaCheck(schema);
        return Scorer.ofInput("matches_json_schema", List.of(Requirement.OUTPUTS), in -> {
            JsonNode value;
            try {
                value = parse(in.outputs());
            } catch (JsonProcessingException e) {
                return Feedback.of(false, "not valid JSON: " + e.getOriginalMessage());
            }
            List<String> violations = check.violations(value);
            return violations.isEmpty()
                    ? Feedback.of(true, "matches the schema")
                    : Feedback.of(
                            false,
                            String.join("; ", violations.subList(0, Math.min(5, violations.size())))
                                    + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
        });
    }

    /**
     * {@code numeric_match}: the last number in the output (thousands separators ignored) equals
     * {@code expectations.expected_response} as a number, so "Step 1 … Answer: 1,074" matches "1074".
     */
    public static Scorer numericMatch() {
        return Scorer.ofInput(
                "numeric_match",
                List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.EXPECTED_RESPONSE)),
                TaskChecks::numeric);
    }

    /**
     * {@code label_match}: the output is exactly the label {@code expectations.expected_response} (case, surrounding
     * quotes and a final full stop ignored); a sentence naming the label does not match.
     */
    public static Scorer labelMatch() {
        return Scorer.ofInput(
                "label_match",
                List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.EXPECTED_RESPONSE)),
                TaskChecks::label);
    }

    /**
     * {@code json_field_match}: the whole output is one JSON object, valid against {@code inputs.schema} when the row
     * has one, whose fields equal every field of {@code expectations.expected_json} (numbers by value).
     */
    public static Scorer jsonFieldMatch() {
        return Scorer.ofInput(
                "json_field_match",
                List.of(Requirement.OUTPUTS, Requirement.of("expectations.expected_json")),
                TaskChecks::jsonFields);
    }

    /** {@code key_facts}: the output states every one of {@code expectations.expected_facts} (case-insensitive). */
    public static Scorer keyFacts() {
        return Scorer.ofInput(
                "key_facts",
                List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.EXPECTED_FACTS)),
                TaskChecks::keyFacts);
    }

    /** {@code latency}: the trace's duration in seconds. */
    public static Scorer latency() {
        return measure("latency", "s", Scorers::seconds, null);
    }

    /** {@code latency} in seconds and {@code latency_pass}: at most {@code max}. */
    public static Scorer latency(Duration max) {
        return measure(
                "latency",
                "s",
                Scorers::seconds,
                BigDecimal.valueOf(max.toNanos(), 9).stripTrailingZeros());
    }

    /** {@code cost}: the trace's model calls' cost in US dollars. */
    public static Scorer cost() {
        return measure("cost", "USD", t -> t.info().cost(), null);
    }

    /** {@code cost} and {@code cost_pass}: at most {@code maxUsd} dollars. */
    public static Scorer cost(BigDecimal maxUsd) {
        return measure("cost", "USD", t -> t.info().cost(), maxUsd);
    }

    /** {@code token_count}: the trace's total tokens (input + output over its model calls). */
    public static Scorer tokenCount() {
        return measure("token_count", "tokens", t -> BigDecimal.valueOf(t.totalTokens()), null);
    }

    /** {@code token_count} and {@code token_count_pass}: at most {@code max} tokens. */
    public static Scorer tokenCount(long max) {
        return measure("token_count", "tokens", t -> BigDecimal.valueOf(t.totalTokens()), BigDecimal.valueOf(max));
    }

    /**
     * {@code semantic_similarity}: cosine similarity of the output's and {@code expected_response}'s embeddings on the
     * offline {@value JudgeModels#LOCAL_EMBEDDING} (embed module), and {@code semantic_similarity_pass} at
     * {@value SemanticSimilarity#DEFAULT_THRESHOLD}; change either with {@link SemanticSimilarity#withModel} /
     * {@link SemanticSimilarity#withThreshold}.
     */
    public static SemanticSimilarity semanticSimilarity() {
        return new SemanticSimilarity(
                SemanticSimilarity.NAME, JudgeModels.LOCAL_EMBEDDING, SemanticSimilarity.DEFAULT_THRESHOLD);
    }

    private static Scorer measure(String name, String unit, Function<Trace, BigDecimal> read, BigDecimal max) {
        String source = "CODE:" + name;
        return Scorer.ofInput(name, List.of(Requirement.TRACE), in -> {
            BigDecimal value = read.apply(in.trace());
            String shown = value.stripTrailingZeros().toPlainString() + " " + unit;
            Feedback measured = new Feedback(name, number(value), shown, source);
            if (max == null) {
                return measured;
            }
            boolean within = value.compareTo(max) <= 0;
            String limit = max.stripTrailingZeros().toPlainString() + " " + unit;
            return List.of(
                    measured, new Feedback(name + "_pass", within, shown + (within ? " <= " : " > ") + limit, source));
        });
    }

    /** A whole number as a Long; otherwise the decimal without trailing zeros (never in exponent form). */
    private static Number number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException e) {
                return stripped.setScale(0);
            }
        }
        return stripped;
    }

    private static BigDecimal seconds(Trace trace) {
        return BigDecimal.valueOf(trace.info().duration().toNanos(), 9).setScale(3, java.math.RoundingMode.HALF_UP);
    }

    private static JsonNode parse(Object outputs) throws JsonProcessingException {
        if (outputs instanceof CharSequence text) {
            JsonNode node = STRICT.readTree(text.toString().strip());
            if (node == null || node.isMissingNode()) {
                throw new JsonProcessingException("empty output") {};
            }
            return node;
        }
        return Json.tree(outputs);
    }

    private static String quote(String text) {
        String shown = text.length() <= 60 ? text : text.substring(0, 59) + "…";
        return "\"" + shown + "\"";
    }

    /** A scorer name: letters, digits and {@code _ . : / -}. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a scorer name is letters, digits and _ . : / -, was '" + name + "'");
        }
        return name;
    }
}
