package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows an evaluation runs over, in order, with a fingerprint that identifies their content. Built from a list,
 * JSON / JSON Lines / CSV files, or recorded traces. Immutable and thread-safe.
 *
 * <p>File formats (a row is {@code {"inputs": {...}, "outputs": ..., "expectations": {...}, "trace_id": "..."}}
 * with only {@code inputs} required):
 * <ul>
 *   <li>{@link #fromJson}: a JSON array of rows;</li>
 *   <li>{@link #fromJsonl}: one row object per line (blank lines skipped);</li>
 *   <li>{@link #fromCsv}: a header naming {@code inputs.<key>}, {@code expectations.<key>}, {@code outputs} /
 *       {@code outputs.<key>}, {@code trace_id}, or {@code inputs} / {@code expectations} columns holding a JSON
 *       object; cells starting with {@code [} or <code>{</code> that are valid JSON are read as JSON, others as
 *       text; empty cells leave their key out.</li>
 * </ul>
 * A bad row fails the load with an {@link InvalidDatasetException} naming the file and line.
 */
public final class Dataset {
    private final List<EvalRow> rows;
    private final Map<String, Trace> traces;
    private final String source;
    private volatile String fingerprint;

    private Dataset(List<EvalRow> rows, Map<String, Trace> traces, String source) {
        this.rows = List.copyOf(rows);
        this.traces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(traces));
        this.source = source;
    }

    /** A dataset of {@code rows}, in order. */
    public static Dataset of(List<EvalRow> rows) {
        return new Dataset(rows, Map.of(), "list");
    }

    /** A dataset of {@code rows}, in order. */
    public static Dataset of(EvalRow... rows) {
        return of(List.of(rows));
    }

    /**
     * A dataset from MLflow-style records: maps with {@code inputs}, optional {@code outputs}, {@code expectations}
     * and {@code trace_id}, e.g. {@code Map.of("inputs", Map.of("question", "…"), "expectations", Map.of(…))}.
     */
    public static Dataset fromMaps(List<? extends Map<String, ?>> records) {
        List<EvalRow> rows = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            rows.add(RowReader.fromMap(records.get(i), "row " + i));
        }
        return new Dataset(rows, Map.of(), "list");
    }

    /** Rows from a JSON file holding an array of row objects. Blocks on reading the file. */
    public static Dataset fromJson(Path file) {
        return new Dataset(
                RowReader.jsonArray(file), Map.of(), file.getFileName().toString());
    }

    /** Rows from a JSON Lines file, one row object per line. Blocks on reading the file. */
    public static Dataset fromJsonl(Path file) {
        return new Dataset(
                RowReader.jsonLines(file), Map.of(), file.getFileName().toString());
    }

    /** Rows from JSON Lines text already read, e.g. a classpath resource; {@code source} names it. */
    static Dataset fromJsonlLines(String source, List<String> lines) {
        return new Dataset(RowReader.jsonLines(source, lines), Map.of(), source);
    }

    /** Rows from a CSV file; see the class documentation for its columns. Blocks on reading the file. */
    public static Dataset fromCsv(Path file) {
        return new Dataset(CsvRows.read(file), Map.of(), file.getFileName().toString());
    }

    /**
     * One row per trace: its root span's inputs (an object as the inputs map; any other value under
     * {@code input}) and outputs, linked by trace id. Scorers that read the trace get it without a lookup.
     *
     * @throws InvalidDatasetException when a trace has no root span
     */
    public static Dataset fromTraces(List<Trace> traces) {
        List<EvalRow> rows = new ArrayList<>(traces.size());
        Map<String, Trace> byId = new LinkedHashMap<>();
        for (Trace trace : traces) {
            Span root = trace.root()
                    .orElseThrow(() -> new InvalidDatasetException("trace " + trace.traceId() + " has no root span"));
            JsonNode in = root.inputs();
            Map<String, Object> inputs = in == null || in.isNull()
                    ? Map.of()
                    : in.isObject() ? EvalJson.map(in) : Map.of("input", EvalJson.value(in));
            JsonNode out = root.outputs();
            Optional<Object> outputs =
                    out == null || out.isNull() ? Optional.empty() : Optional.of(EvalJson.value(out));
            rows.add(new EvalRow(inputs, outputs, Map.of(), Optional.of(trace.traceId())));
            byId.put(trace.traceId(), trace);
        }
        return new Dataset(rows, byId, "traces");
    }

    /** The rows, in order. */
    public List<EvalRow> rows() {
        return rows;
    }

    /** How many rows. */
    public int size() {
        return rows.size();
    }

    /** Where the rows came from: a file name, {@code list} or {@code traces}. */
    public String source() {
        return source;
    }

    /** The trace a row came from, when this dataset was built from traces. */
    public Optional<Trace> trace(String traceId) {
        return Optional.ofNullable(traces.get(traceId));
    }

    /**
     * SHA-256 (lowercase hex) of the rows' canonical JSON (a JSON array of row objects, keys sorted, no
     * whitespace, numbers without trailing zeros): the same rows give the same fingerprint whatever file format or
     * key order they came in; any change to a value changes it.
     */
    public String fingerprint() {
        String computed = fingerprint;
        if (computed == null) {
            computed = sha256(CanonicalJson.write(canonical()));
            fingerprint = computed;
        }
        return computed;
    }

    ArrayNode canonical() {
        ArrayNode array = Json.array();
        for (EvalRow row : rows) {
            ObjectNode json = array.addObject();
            json.set("inputs", Json.tree(row.inputs()));
            row.outputs().ifPresent(o -> json.set("outputs", Json.tree(o)));
            json.set("expectations", Json.tree(row.expectations()));
            row.traceId().ifPresent(id -> json.put("trace_id", id));
        }
        return array;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Dataset{" + rows.size() + " rows from " + source + ", fingerprint "
                + fingerprint().substring(0, 12) + "}";
    }
}
