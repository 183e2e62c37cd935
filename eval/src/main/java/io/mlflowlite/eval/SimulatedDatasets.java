package io.mlflowlite.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The labelled datasets of the simulated world (docs/simulated-world.md), bundled with the simulated {@code mock/*}
 * models, and the exact code scorer of each. The simulated models know these rows' truth and answer them with
 * documented, per-model accuracy, so a routing, A/B or prompt experiment run on them has a known right answer.
 *
 * <pre>{@code
 * Dataset rows = SimulatedDatasets.load("word_problems");
 * Scorer scorer = SimulatedDatasets.scorer("word_problems");   // numeric_match
 * }</pre>
 *
 * Every row has {@code inputs.question} (the text to send: put it in the prompt verbatim); extraction rows also have
 * {@code inputs.schema}, classification rows {@code inputs.labels}. Thread-safe.
 */
public final class SimulatedDatasets {
    /** The families, in a fixed order. */
    public static final List<String> FAMILIES =
            List.of("factual", "arithmetic", "word_problems", "extraction", "summarization", "classification");

    private static final String FOLDER = "/io/mlflowlite/provider/mock/datasets/";

    private SimulatedDatasets() {}

    /**
     * The rows of {@code family} (one of {@link #FAMILIES}), in file order; reads a classpath resource.
     *
     * @throws IllegalArgumentException naming the families when {@code family} is not one of them
     */
    public static Dataset load(String family) {
        String path = FOLDER + require(family) + ".jsonl";
        try (InputStream in = SimulatedDatasets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new InvalidDatasetException("The simulated dataset " + path + " is not on the classpath");
            }
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .toList();
            return Dataset.fromJsonlLines(family + ".jsonl", lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the simulated dataset " + path, e);
        }
    }

    /**
     * The code scorer that checks {@code family} exactly: {@code contains_expected} (factual), {@code numeric_match}
     * (arithmetic, word_problems), {@code json_field_match} (extraction), {@code key_facts} (summarization),
     * {@code label_match} (classification).
     */
    public static Scorer scorer(String family) {
        return switch (require(family)) {
            case "factual" -> Scorers.containsExpected();
            case "arithmetic", "word_problems" -> Scorers.numericMatch();
            case "extraction" -> Scorers.jsonFieldMatch();
            case "summarization" -> Scorers.keyFacts();
            default -> Scorers.labelMatch();
        };
    }

    private static String require(String family) {
        if (!FAMILIES.contains(family)) {
            throw new IllegalArgumentException(
                    "There is no simulated dataset '" + family + "'; the families are " + String.join(", ", FAMILIES));
        }
        return family;
    }
}
