package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labelled judging sets: JSONL, one {@link JudgingCase} a line, to measure how often a judge model agrees with
 * people ({@link JudgeAgreement}). A line:
 *
 * <pre>
 * {"id": "faith-012", "judge": "faithfulness", "kind": "grounded_paraphrase", "split": "dev",
 *  "inputs": {"question": "…"}, "expectations": {"context": "…"}, "response": "…", "verdict": "yes"}
 * </pre>
 *
 * {@code judge} takes our names and MLflow 3's ({@link Scorers#judgeName}); {@code split} is optional (default
 * {@value #DEV}); {@code expectations} holds what the judge reads: {@code context}, {@code expected_response},
 * {@code expected_facts}, {@code guidelines}. {@link #bundled()} is the set shipped with this module.
 */
public final class JudgingSet {
    /** The split to tune a judge on. */
    public static final String DEV = "dev";
    /** The split kept apart to report on, never to tune on. */
    public static final String HELDOUT = "heldout";
    /** The classpath resource of {@link #bundled()}. */
    public static final String BUNDLED = "io/mlflowlite/eval/judging-set.jsonl";

    private JudgingSet() {}

    /**
     * The shipped set: about 300 hand-written cases over the six judges (relevant, off-topic and echoed answers,
     * grounded paraphrases, hallucinations and contradictions, concise and rambling answers, safe answers,
     * refusals and unsafe content, guidelines kept and broken, correct and incorrect answers), a third of each
     * kind held out.
     */
    public static List<JudgingCase> bundled() {
        try (InputStream in = JudgingSet.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled judging set " + BUNDLED + " is not on the classpath");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a judging set file. */
    public static List<JudgingCase> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read judging set " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads JSONL cases; blank lines are skipped.
     *
     * @throws InvalidDatasetException naming the source and line of the first bad case
     */
    public static List<JudgingCase> read(Reader reader, String source) throws IOException {
        List<JudgingCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String where = source + " line " + number;
            JudgingCase c = parse(line, where);
            if (!ids.add(c.id())) {
                throw new InvalidDatasetException(where + ": id '" + c.id() + "' appears twice");
            }
            cases.add(c);
        }
        if (cases.isEmpty()) {
            throw new InvalidDatasetException(source + ": no cases");
        }
        return List.copyOf(cases);
    }

    private static JudgingCase parse(String line, String where) {
        JsonNode node;
        try {
            node = Json.read(line);
        } catch (RuntimeException e) {
            throw new InvalidDatasetException(where + ": not JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new InvalidDatasetException(where + ": a case is a JSON object");
        }
        String given = text(node, "judge", where);
        String judge = Scorers.judgeName(given);
        if (judge == null) {
            throw new InvalidDatasetException(where + ": unknown judge '" + given + "'; use one of "
                    + String.join(", ", JudgePrompt.BUILTIN_JUDGES));
        }
        String verdict = text(node, "verdict", where).strip().toLowerCase(java.util.Locale.ROOT);
        if (!verdict.equals("yes") && !verdict.equals("no")) {
            throw new InvalidDatasetException(where + ": verdict is \"yes\" or \"no\", was \"" + verdict + "\"");
        }
        String split = node.path("split").isTextual() ? node.get("split").asText() : DEV;
        if (!split.equals(DEV) && !split.equals(HELDOUT)) {
            throw new InvalidDatasetException(where + ": split is \"" + DEV + "\" or \"" + HELDOUT + "\"");
        }
        String id = node.path("id").isTextual() ? node.get("id").asText() : where;
        String kind = node.path("kind").isTextual() ? node.get("kind").asText() : "unlabelled";
        return new JudgingCase(
                id,
                judge,
                kind,
                split,
                map(node.get("inputs")),
                map(node.get("expectations")),
                text(node, "response", where),
                verdict.equals("yes"));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidDatasetException(where + ": \"" + field + "\" is required text");
        }
        return value.asText();
    }

    private static Map<String, Object> map(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
        return out;
    }
}
