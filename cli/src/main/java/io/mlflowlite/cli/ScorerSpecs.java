package io.mlflowlite.cli;

import io.mlflowlite.eval.Conciseness;
import io.mlflowlite.eval.Correctness;
import io.mlflowlite.eval.Faithfulness;
import io.mlflowlite.eval.Guidelines;
import io.mlflowlite.eval.RelevanceToQuery;
import io.mlflowlite.eval.Safety;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.Scorers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scorers {@code eval run --scorers} names: {@code name} or {@code name:argument}. Judges take an optional
 * {@code @model} suffix ({@code correctness@openai/gpt-4o}) to judge on another model than the run's.
 */
final class ScorerSpecs {
    static final String HELP = "correctness, guidelines[:TEXT], relevance_to_query, faithfulness, conciseness, "
            + "safety (LLM judges; MLflow 3's names RelevanceToQuery, RetrievalGroundedness, Safety, Guidelines, "
            + "Correctness work too; NAME@MODEL picks a judge model), exact_match, contains:TEXT, contains_expected, "
            + "regex:PATTERN, json_valid, latency[:MAX_SECONDS], cost[:MAX_USD], token_count[:MAX], "
            + "semantic_similarity, numeric_match, label_match, json_field_match, key_facts";

    private ScorerSpecs() {}

    static List<Scorer> parse(List<String> specs) {
        List<Scorer> scorers = new ArrayList<>();
        for (String spec : specs) {
            if (!spec.isBlank()) {
                scorers.add(parse(spec.strip()));
            }
        }
        if (scorers.isEmpty()) {
            throw new IllegalArgumentException("--scorers names no scorer; use any of: " + HELP);
        }
        return scorers;
    }

    static Scorer parse(String spec) {
        int colon = spec.indexOf(':');
        String head = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? null : spec.substring(colon + 1);
        String model = null;
        int at = head.indexOf('@');
        if (at >= 0) {
            model = head.substring(at + 1);
            head = head.substring(0, at);
        }
        String judgeName = Scorers.judgeName(head);
        String name =
                judgeName != null ? judgeName : head.toLowerCase(Locale.ROOT).replace('-', '_');
        Scorer scorer = switch (name) {
            case "correctness" -> new Correctness();
            case "guidelines" -> arg == null ? new Guidelines() : new Guidelines("guidelines", arg);
            case "relevance_to_query" -> new RelevanceToQuery();
            case "faithfulness" -> new Faithfulness();
            case "conciseness" -> new Conciseness();
            case "safety" -> new Safety();
            case "exact_match" -> Scorers.exactMatch();
            case "contains" -> Scorers.contains(required(spec, arg, "the text to look for"));
            case "contains_expected" -> Scorers.containsExpected();
            case "regex" -> Scorers.regex(required(spec, arg, "a regular expression"));
            case "json_valid" -> Scorers.jsonValid();
            case "latency" ->
                arg == null
                        ? Scorers.latency()
                        : Scorers.latency(Duration.ofNanos(number(spec, arg)
                                .movePointRight(9)
                                .setScale(0, java.math.RoundingMode.HALF_UP)
                                .longValue()));
            case "cost" -> arg == null ? Scorers.cost() : Scorers.cost(number(spec, arg));
            case "token_count", "tokens" -> arg == null ? Scorers.tokenCount() : Scorers.tokenCount(whole(spec, arg));
            case "semantic_similarity", "similarity" -> Scorers.semanticSimilarity();
            case "numeric_match" -> Scorers.numericMatch();
            case "label_match" -> Scorers.labelMatch();
            case "json_field_match" -> Scorers.jsonFieldMatch();
            case "key_facts" -> Scorers.keyFacts();
            default -> throw new IllegalArgumentException("Unknown scorer '" + spec + "'; use any of: " + HELP);
        };
        if (model != null) {
            if (!(scorer instanceof io.mlflowlite.eval.LlmJudge judge)) {
                throw new IllegalArgumentException("'" + spec + "': only LLM judges take @MODEL");
            }
            scorer = judge.withModel(model);
        }
        return scorer;
    }

    private static String required(String spec, String arg, String what) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("'" + spec + "' needs " + what + " after a colon, e.g. " + spec + ":…");
        }
        return arg;
    }

    private static long whole(String spec, String arg) {
        try {
            return number(spec, arg).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + spec + "': '" + arg + "' is not a whole number");
        }
    }

    private static BigDecimal number(String spec, String arg) {
        try {
            return new BigDecimal(arg.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': '" + arg + "' is not a number");
        }
    }
}
