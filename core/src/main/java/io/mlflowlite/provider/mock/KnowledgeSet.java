package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The questions the simulated models know the answers to: general knowledge with short canonical answers
 * ({@code "Paris"}, {@code "1945"}). Immutable and thread-safe.
 *
 * <p>{@link #match} finds the row a user question asks about: the exact question first, then the row
 * whose content words overlap most, each word weighted by how rare it is in the set; numbers must agree
 * exactly, so "What is 7 times 9?" does not borrow the answer of "What is 7 times 8?". The bundled set is
 * also a ready-made evaluation dataset: each row's answer is the expected output.
 */
public final class KnowledgeSet {
    private static final String BUNDLED = "/io/mlflowlite/provider/mock/knowledge.jsonl";
    /** Below this weighted overlap a question counts as unknown: one shared rare word is not enough. */
    private static final double MATCH_THRESHOLD = 0.62;

    private static volatile KnowledgeSet bundled;

    private final List<Fact> facts;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, List<Integer>> byWord = new HashMap<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Map<String, List<String>> wrong = new HashMap<>();
    private final Text.Words[] words;
    private final double[] totalWeight;
    private final double unknownWordWeight;

    /**
     * One known question.
     *
     * @param question the question as asked
     * @param answer   the short canonical answer a correct reply contains
     * @param category what kind of fact it is; a wrong reply names another answer of the same category
     *                 (a nearby number when the answer is a number)
     */
    public record Fact(String question, String answer, String category) {}

    private KnowledgeSet(List<Fact> facts) {
        this.facts = List.copyOf(facts);
        this.words = new Text.Words[facts.size()];
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (int i = 0; i < facts.size(); i++) {
            words[i] = Text.words(facts.get(i).question());
            exact.putIfAbsent(Text.normalize(facts.get(i).question()), i);
            for (String word : words[i].content()) {
                documentFrequency.merge(word, 1, Integer::sum);
                byWord.computeIfAbsent(word, w -> new ArrayList<>()).add(i);
            }
        }
        int n = Math.max(1, facts.size());
        documentFrequency.forEach((word, df) -> weights.put(word, Math.log(1.0 + n / (double) df)));
        this.unknownWordWeight = Math.log(1.0 + n);
        this.totalWeight = new double[facts.size()];
        for (int i = 0; i < facts.size(); i++) {
            for (String word : words[i].content()) {
                totalWeight[i] += weights.get(word);
            }
        }
        for (Fact fact : this.facts) {
            wrong.putIfAbsent(fact.question(), wrongAnswersOf(fact));
        }
    }

    /** The bundled set of general-knowledge questions (read once from the classpath). */
    public static KnowledgeSet bundled() {
        KnowledgeSet set = bundled;
        if (set == null) {
            synchronized (KnowledgeSet.class) {
                set = bundled;
                if (set == null) {
                    set = readBundled();
                    bundled = set;
                }
            }
        }
        return set;
    }

    /** A set of the given facts (for custom question sets and tests). */
    public static KnowledgeSet of(List<Fact> facts) {
        return new KnowledgeSet(facts);
    }

    /** Every fact, in file order. */
    public List<Fact> facts() {
        return facts;
    }

    /** The fact {@code question} asks about, or empty when it matches none well enough. Allocates little. */
    public Optional<Fact> match(String question) {
        if (question == null || question.isBlank()) {
            return Optional.empty();
        }
        Integer hit = exact.get(Text.normalize(question));
        if (hit != null) {
            return Optional.of(facts.get(hit));
        }
        Text.Words asked = Text.words(question);
        double askedWeight = 0;
        for (String word : asked.content()) {
            askedWeight += weights.getOrDefault(word, unknownWordWeight);
        }
        double[] shared = new double[facts.size()];
        for (String word : asked.content()) {
            List<Integer> rows = byWord.get(word);
            if (rows != null) {
                double weight = weights.get(word);
                for (int row : rows) {
                    shared[row] += weight;
                }
            }
        }
        int best = -1;
        double bestScore = 0;
        for (int row = 0; row < shared.length; row++) {
            if (shared[row] == 0 || !words[row].numbers().equals(asked.numbers())) {
                continue;
            }
            double score = 2 * shared[row] / (askedWeight + totalWeight[row]);
            if (score > bestScore) {
                bestScore = score;
                best = row;
            }
        }
        return bestScore >= MATCH_THRESHOLD ? Optional.of(facts.get(best)) : Optional.empty();
    }

    /**
     * Plausible wrong answers to {@code fact}: the other answers of its category, each once, none equal to,
     * containing or contained in its answer; answers of the same kind (number or not) from the whole set
     * when its category has no other.
     */
    List<String> wrongAnswers(Fact fact) {
        List<String> cached = wrong.get(fact.question());
        return cached != null ? cached : wrongAnswersOf(fact);
    }

    private List<String> wrongAnswersOf(Fact fact) {
        List<String> same = new ArrayList<>();
        List<String> sameKind = new ArrayList<>();
        String right = fact.answer().toLowerCase(Locale.ROOT);
        boolean numeric = isNumber(fact.answer());
        for (Fact other : facts) {
            String candidate = other.answer();
            String lower = candidate.toLowerCase(Locale.ROOT);
            if (lower.contains(right) || right.contains(lower)) {
                continue;
            }
            if (other.category().equals(fact.category()) && !same.contains(candidate)) {
                same.add(candidate);
            } else if (isNumber(candidate) == numeric && !sameKind.contains(candidate)) {
                sameKind.add(candidate);
            }
        }
        return List.copyOf(same.isEmpty() ? sameKind : same);
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-');
    }

    private static KnowledgeSet readBundled() {
        List<Fact> facts = new ArrayList<>();
        try (InputStream in = KnowledgeSet.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ConfigurationException("The bundled knowledge set " + BUNDLED + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode row = Json.MAPPER.readTree(line);
                    facts.add(new Fact(
                            row.path("question").asText(),
                            row.path("answer").asText(),
                            row.path("category").asText()));
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the bundled knowledge set " + BUNDLED, e);
        }
        return new KnowledgeSet(facts);
    }
}
