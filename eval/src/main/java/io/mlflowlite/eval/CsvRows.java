package io.mlflowlite.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads dataset rows from CSV (RFC 4180: comma-separated, double-quoted cells may hold commas, quotes doubled and
 * line breaks; a UTF-8 byte order mark is ignored). The header names where each cell goes:
 * <ul>
 *   <li>{@code inputs.<key>}, {@code expectations.<key>}, {@code outputs.<key>}: one key of that map per column;</li>
 *   <li>{@code inputs}, {@code expectations}: a whole JSON object per cell;</li>
 *   <li>{@code outputs}: the recorded output; {@code trace_id}: the trace it came from.</li>
 * </ul>
 * An empty cell leaves its key out. A cell that starts with {@code [} or <code>{</code> and is valid JSON is
 * read as that JSON (so {@code expectations.expected_facts} can be {@code ["Paris", "France"]}); every other cell
 * is text, numbers included. Errors name the file and the line the row starts on.
 */
final class CsvRows {
    private CsvRows() {}

    private record Record(int line, List<String> cells) {}

    static List<EvalRow> read(Path file) {
        String source = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = parse(text, source);
        if (records.isEmpty()) {
            throw new InvalidDatasetException(source + ": empty file; the first line must be a header such as "
                    + "inputs.question,expectations.expected_response");
        }
        List<String> header = records.get(0).cells().stream().map(String::strip).toList();
        checkHeader(header, source);
        List<EvalRow> rows = new ArrayList<>();
        for (Record record : records.subList(1, records.size())) {
            if (record.cells().size() == 1 && record.cells().get(0).isBlank()) {
                continue; // a blank line
            }
            String where = source + " line " + record.line();
            if (record.cells().size() != header.size()) {
                throw new InvalidDatasetException(
                        where + ": " + record.cells().size() + " cells, the header has " + header.size());
            }
            rows.add(row(header, record.cells(), where));
        }
        return rows;
    }

    private static void checkHeader(List<String> header, String source) {
        Set<String> seen = new HashSet<>();
        boolean inputs = false;
        for (String column : header) {
            if (!seen.add(column)) {
                throw new InvalidDatasetException(source + " line 1: column \"" + column + "\" appears twice");
            }
            boolean known = column.equals("inputs")
                    || column.equals("outputs")
                    || column.equals("expectations")
                    || column.equals("trace_id")
                    || dotted(column, "inputs")
                    || dotted(column, "outputs")
                    || dotted(column, "expectations");
            if (!known) {
                throw new InvalidDatasetException(source + " line 1: unknown column \"" + column + "\"; use "
                        + "inputs.<key>, expectations.<key>, outputs, outputs.<key>, trace_id, or inputs / "
                        + "expectations holding a JSON object");
            }
            inputs |= column.equals("inputs") || dotted(column, "inputs");
        }
        if (!inputs) {
            throw new InvalidDatasetException(source + " line 1: no inputs column; name one inputs.<key> "
                    + "(e.g. inputs.question) or inputs (a JSON object per cell)");
        }
        if (seen.contains("outputs") && header.stream().anyMatch(c -> dotted(c, "outputs"))) {
            throw new InvalidDatasetException(
                    source + " line 1: use either an outputs column or outputs.<key> columns");
        }
    }

    private static boolean dotted(String column, String prefix) {
        return column.startsWith(prefix + ".") && column.length() > prefix.length() + 1;
    }

    private static EvalRow row(List<String> header, List<String> cells, String where) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        Map<String, Object> expectations = new LinkedHashMap<>();
        Map<String, Object> outputMap = new LinkedHashMap<>();
        Object outputs = null;
        String traceId = null;
        for (int c = 0; c < header.size(); c++) {
            String column = header.get(c);
            String cell = cells.get(c);
            if (cell.isEmpty()) {
                continue;
            }
            switch (column) {
                case "inputs" -> inputs.putAll(object(cell, where, column));
                case "expectations" -> expectations.putAll(object(cell, where, column));
                case "outputs" -> outputs = value(cell);
                case "trace_id" -> traceId = cell.strip();
                default -> {
                    int dot = column.indexOf('.');
                    String key = column.substring(dot + 1);
                    Map<String, Object> target = switch (column.substring(0, dot)) {
                        case "inputs" -> inputs;
                        case "expectations" -> expectations;
                        default -> outputMap;
                    };
                    target.put(key, value(cell));
                }
            }
        }
        if (!outputMap.isEmpty()) {
            outputs = outputMap;
        }
        if (inputs.isEmpty()) {
            throw new InvalidDatasetException(where + ": every inputs cell is empty");
        }
        return new EvalRow(inputs, Optional.ofNullable(outputs), expectations, Optional.ofNullable(traceId));
    }

    private static Map<String, Object> object(String cell, String where, String column) {
        try {
            JsonNode node = Json.MAPPER.readTree(cell);
            if (node == null || !node.isObject()) {
                throw new InvalidDatasetException(where + ": column " + column + " must hold a JSON object");
            }
            return EvalJson.map(node);
        } catch (JsonProcessingException e) {
            throw new InvalidDatasetException(
                    where + ": column " + column + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object value(String cell) {
        String stripped = cell.strip();
        if (stripped.startsWith("[") || stripped.startsWith("{")) {
            try {
                JsonNode node = Json.MAPPER.readTree(stripped);
                if (node != null && (node.isArray() || node.isObject())) {
                    return EvalJson.value(node);
                }
            } catch (JsonProcessingException e) {
                // text that merely starts with a bracket
            }
        }
        return cell;
    }

    /** Splits CSV text into records, each with the line it starts on. */
    private static List<Record> parse(String text, String source) {
        List<Record> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        boolean quoted = false;
        boolean atCellStart = true;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    if (i < text.length() && ",\r\n".indexOf(text.charAt(i)) < 0) {
                        throw new InvalidDatasetException(source + " line " + line
                                + ": text after a closing quote; write a quote inside a quoted cell as \"\"");
                    }
                    continue;
                }
                if (ch == '\n') {
                    line++;
                }
                cell.append(ch);
                i++;
                continue;
            }
            if (ch == '"' && atCellStart) {
                quoted = true;
                quoteLine = line;
                atCellStart = false;
                i++;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                atCellStart = true;
                i++;
            } else if (ch == '\r' || ch == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                records.add(new Record(recordLine, List.copyOf(cells)));
                cells.clear();
                atCellStart = true;
                i += ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                line++;
                recordLine = line;
            } else {
                cell.append(ch);
                atCellStart = false;
                i++;
            }
        }
        if (quoted) {
            throw new InvalidDatasetException(source + " line " + quoteLine + ": a quoted cell is never closed");
        }
        if (!cells.isEmpty() || cell.length() > 0) {
            cells.add(cell.toString());
            records.add(new Record(recordLine, List.copyOf(cells)));
        }
        return records;
    }
}
