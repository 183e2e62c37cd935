package io.mlflowlite.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads rows from JSON: an array file, a JSON Lines file, or in-memory maps. A row is an object with
 * {@code inputs} (an object, required), {@code outputs} (any value), {@code expectations} (an object) and
 * {@code trace_id} (a string); any other key is an error, so a typo such as {@code expectation} is not silently
 * ignored.
 */
final class RowReader {
    static final Set<String> KEYS = Set.of("inputs", "outputs", "expectations", "trace_id");

    private RowReader() {}

    static List<EvalRow> jsonArray(Path file) {
        String source = file.getFileName().toString();
        List<EvalRow> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser parser = Json.MAPPER.createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidDatasetException(
                        source + " line " + parser.currentLocation().getLineNr()
                                + ": expected a JSON array of rows ([{\"inputs\": {...}}, ...])");
            }
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                if (token == null) {
                    throw new InvalidDatasetException(source + ": the array is not closed");
                }
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = parser.readValueAsTree();
                rows.add(row(node, source + " row " + rows.size() + " (line " + line + ")"));
            }
            if (parser.nextToken() != null) {
                throw new InvalidDatasetException(
                        source + " line " + parser.currentLocation().getLineNr() + ": text after the array");
            }
        } catch (JsonProcessingException e) {
            // a limit hit (nesting depth, string length) carries no location
            throw new InvalidDatasetException(
                    source
                            + (e.getLocation() == null
                                    ? ""
                                    : " line " + e.getLocation().getLineNr()) + ": not valid JSON: "
                            + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new InvalidDatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    static List<EvalRow> jsonLines(Path file) {
        String source = file.getFileName().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return jsonLines(source, lines);
    }

    /** Rows from JSON Lines already read ({@code source} names them in errors). */
    static List<EvalRow> jsonLines(String source, List<String> lines) {
        List<EvalRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InvalidDatasetException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            rows.add(row(node, where));
        }
        return rows;
    }

    static EvalRow row(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidDatasetException(where + ": a row must be a JSON object with \"inputs\", got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new InvalidDatasetException(
                        where + ": unknown key \"" + name + "\"; a row has inputs, outputs, expectations and trace_id");
            }
        }
        JsonNode inputs = node.get("inputs");
        if (inputs == null || !inputs.isObject()) {
            throw new InvalidDatasetException(where + ": \"inputs\" must be a JSON object, "
                    + (inputs == null
                            ? "it is missing"
                            : "got " + inputs.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode expectations = node.get("expectations");
        if (expectations != null && !expectations.isNull() && !expectations.isObject()) {
            throw new InvalidDatasetException(where + ": \"expectations\" must be a JSON object");
        }
        JsonNode traceId = node.get("trace_id");
        if (traceId != null && !traceId.isNull() && !traceId.isTextual()) {
            throw new InvalidDatasetException(where + ": \"trace_id\" must be a string");
        }
        JsonNode outputs = node.get("outputs");
        return new EvalRow(
                EvalJson.map(inputs),
                outputs == null || outputs.isNull() ? Optional.empty() : Optional.of(EvalJson.value(outputs)),
                EvalJson.map(expectations),
                Optional.ofNullable(traceId == null || traceId.isNull() ? null : traceId.asText()));
    }

    static EvalRow fromMap(Map<String, ?> map, String where) {
        JsonNode node;
        try {
            node = Json.tree(map);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatasetException(where + ": not convertible to JSON: " + e.getMessage(), e);
        }
        return row(node, where);
    }
}
