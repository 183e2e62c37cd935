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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated world's labelled rows (the bundled {@code datasets/*.jsonl}, the same files evaluation loads), and
 * how a request is matched to one: the row whose question occurs in the request's last user message, whitespace
 * collapsed; when several occur (few-shot examples quoting other rows), the one that starts last. Immutable and
 * thread-safe.
 */
final class TaskSet {
    static final List<String> FAMILIES =
            List.of("factual", "arithmetic", "word_problems", "extraction", "summarization", "classification");
    private static final String FOLDER = "/io/mlflowlite/provider/mock/datasets/";

    private static volatile TaskSet bundled;

    private final List<TaskRow> rows;
    private final Map<String, List<TaskRow>> bySubset = new LinkedHashMap<>();

    private TaskSet(List<TaskRow> rows) {
        this.rows = List.copyOf(rows);
        for (TaskRow row : this.rows) {
            bySubset.computeIfAbsent(row.subset(), s -> new ArrayList<>()).add(row);
        }
        bySubset.replaceAll((subset, list) -> List.copyOf(list));
    }

    /** The bundled rows, read once from the classpath. */
    static TaskSet bundled() {
        TaskSet set = bundled;
        if (set == null) {
            synchronized (TaskSet.class) {
                set = bundled;
                if (set == null) {
                    set = read();
                    bundled = set;
                }
            }
        }
        return set;
    }

    /** Every row of {@code subset}, in file order. */
    List<TaskRow> subset(String subset) {
        return bySubset.getOrDefault(subset, List.of());
    }

    /** The row {@code text} asks about, or null: the contained question that starts last (the longest on a tie). */
    TaskRow find(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String haystack = collapse(text);
        TaskRow best = null;
        int bestAt = -1;
        for (TaskRow row : rows) {
            if (row.question().length() > haystack.length()) {
                continue;
            }
            int at = haystack.lastIndexOf(row.question());
            if (at > bestAt
                    || at >= 0
                            && at == bestAt
                            && row.question().length() > best.question().length()) {
                best = row;
                bestAt = at;
            }
        }
        return best;
    }

    /** {@code text} with every run of whitespace turned into one space, trimmed. */
    static String collapse(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static TaskSet read() {
        List<TaskRow> rows = new ArrayList<>();
        for (String family : FAMILIES) {
            String path = FOLDER + family + ".jsonl";
            try (InputStream in = TaskSet.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new ConfigurationException("The bundled simulated dataset " + path + " is missing");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        rows.add(row(family, Json.MAPPER.readTree(line)));
                    }
                }
            } catch (IOException e) {
                throw new ConfigurationException("Cannot read the bundled simulated dataset " + path, e);
            }
        }
        return new TaskSet(rows);
    }

    private static TaskRow row(String family, JsonNode node) {
        JsonNode inputs = node.path("inputs");
        JsonNode expectations = node.path("expectations");
        JsonNode expectedJson = expectations.get("expected_json");
        String subset = family.equals("extraction")
                        && expectedJson != null
                        && expectedJson.size() >= TaskRow.LONG_EXTRACTION_FIELDS
                ? "extraction_long"
                : family;
        List<String> labels = new ArrayList<>();
        inputs.path("labels").forEach(l -> labels.add(l.asText()));
        List<String> facts = new ArrayList<>();
        expectations.path("expected_facts").forEach(f -> facts.add(f.asText()));
        JsonNode expected = expectations.get("expected_response");
        return new TaskRow(
                family,
                subset,
                collapse(inputs.path("question").asText()),
                expected == null ? null : expected.asText(),
                expectations.path("category").asText(""),
                labels,
                expectedJson,
                facts);
    }
}
