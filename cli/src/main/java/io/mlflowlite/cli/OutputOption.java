package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --output table|json}, shared by every list and show command: the table for people, JSON (one document,
 * stable snake_case field names) for scripts.
 */
final class OutputOption {
    /** The formats; lower case on the command line. */
    enum Format {
        table,
        json
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (default) or json, for scripts.")
    Format format = Format.table;

    boolean json() {
        return format == Format.json;
    }

    /** Prints {@code value} (maps, lists, records, Jackson trees) as one JSON document. */
    static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON output: " + e.getMessage(), e);
        }
    }
}
