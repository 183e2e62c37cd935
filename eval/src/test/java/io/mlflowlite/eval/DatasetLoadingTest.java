package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datasets from JSON, JSON Lines, CSV, maps and traces; bad rows fail naming the file and line. */
class DatasetLoadingTest {
    static Path fixture(String name) {
        try {
            return Path.of(DatasetLoadingTest.class.getResource("/eval/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void jsonJsonlAndCsvOfTheSameRowsLoadEqualWithOneFingerprint() {
        Dataset json = Dataset.fromJson(fixture("rows.json"));
        Dataset jsonl = Dataset.fromJsonl(fixture("rows.jsonl"));
        Dataset csv = Dataset.fromCsv(fixture("rows.csv"));

        assertThat(json.size()).isEqualTo(3);
        EvalRow first = json.rows().get(0);
        assertThat(first.inputs()).containsExactly(Map.entry("question", "What is the capital of France?"));
        assertThat(first.expectations())
                .containsEntry("expected_response", "Paris")
                .containsEntry("expected_facts", List.of("Paris", "capital"));
        assertThat(first.outputs()).isEmpty();
        assertThat(json.rows().get(1).outputs()).contains("hi");
        assertThat(json.rows().get(1).inputs().get("question")).isEqualTo("Say \"hi\", then stop");
        assertThat(json.rows().get(2).traceId()).contains("tr-00000000000000000000000000000003");
        assertThat(jsonl.rows()).isEqualTo(json.rows());
        assertThat(csv.rows()).isEqualTo(json.rows());
        assertThat(csv.rows().get(2).expectations().get("expected_response")).isEqualTo("line one\nline two");
        assertThat(jsonl.fingerprint())
                .isEqualTo(json.fingerprint())
                .isEqualTo(csv.fingerprint())
                .hasSize(64);
        assertThat(json.source()).isEqualTo("rows.json");
    }

    @Test
    void fingerprintIgnoresKeyOrderAndNumberFormButNotContent() {
        Dataset a = Dataset.fromMaps(List.of(Map.of("inputs", Map.of("q", "x", "n", 1))));
        Dataset b = Dataset.of(EvalRow.builder()
                .input("n", new java.math.BigDecimal("1.00"))
                .input("q", "x")
                .build());
        Dataset c = Dataset.of(EvalRow.builder().input("n", 1).input("q", "y").build());
        Dataset d = Dataset.of(EvalRow.builder()
                .input("n", 1)
                .input("q", "x")
                .expectedResponse("z")
                .build());

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(c.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(d.fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void csvJsonColumnsAndOutputKeysBuildMaps() {
        Dataset csv = Dataset.fromCsv(fixture("json-columns.csv"));

        assertThat(csv.rows().get(0).inputs()).containsExactly(Map.entry("question", "q1"), Map.entry("lang", "en"));
        assertThat(csv.rows().get(0).expectations()).containsExactly(Map.entry("expected_response", "a1"));
        assertThat(csv.rows().get(0).outputs()).contains(Map.of("answer", "a1", "confidence", "high"));
        assertThat(csv.rows().get(1).expectations()).isEmpty();
        assertThat(csv.rows().get(1).outputs()).contains(Map.of("answer", "a2"));
    }

    @Test
    void badRowsNameTheFileAndLine() {
        assertThatThrownBy(() -> Dataset.fromJsonl(fixture("bad-json-line.jsonl")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageStartingWith("bad-json-line.jsonl line 3: not valid JSON");
        assertThatThrownBy(() -> Dataset.fromJsonl(fixture("unknown-key.jsonl")))
                .hasMessage("unknown-key.jsonl line 2: unknown key \"expectation\"; a row has inputs, outputs, "
                        + "expectations and trace_id");
        assertThatThrownBy(() -> Dataset.fromJson(fixture("inputs-not-object.json")))
                .hasMessage("inputs-not-object.json row 1 (line 3): \"inputs\" must be a JSON object, got string");
        assertThatThrownBy(() -> Dataset.fromJson(fixture("not-an-array.json")))
                .hasMessageStartingWith("not-an-array.json line 1: expected a JSON array of rows");
        assertThatThrownBy(() -> Dataset.fromCsv(fixture("wrong-cell-count.csv")))
                .hasMessage("wrong-cell-count.csv line 4: 3 cells, the header has 2");
        assertThatThrownBy(() -> Dataset.fromCsv(fixture("unclosed-quote.csv")))
                .hasMessage("unclosed-quote.csv line 3: a quoted cell is never closed");
        assertThatThrownBy(() -> Dataset.fromCsv(fixture("unknown-column.csv")))
                .hasMessageStartingWith("unknown-column.csv line 1: unknown column \"question\"; use inputs.<key>");
        assertThatThrownBy(() -> Dataset.fromCsv(fixture("bad-json-cell.csv")))
                .hasMessageStartingWith("bad-json-cell.csv line 3: column inputs is not valid JSON");
        assertThatThrownBy(() -> Dataset.fromMaps(List.of(Map.of("inputs", Map.of("q", 1)), Map.of("outputs", "x"))))
                .hasMessage("row 1: \"inputs\" must be a JSON object, it is missing");
    }

    @Test
    void tracesBecomeRowsOfTheirRootInputsAndOutputsLinkedById() {
        Tracing tracing = Tracing.builder().build();
        Trace[] recorded = new Trace[2];
        ActiveSpan object = tracing.startSpan("answer", SpanType.CHAIN, null);
        object.setInputs(Map.of("question", "What is 2+2?")).setOutputs("4").end();
        ActiveSpan text = tracing.startSpan("echo", SpanType.CHAIN, null);
        text.setInputs("hello").setOutputs(Map.of("answer", "hello")).end();
        recorded[0] = tracing.getTrace(object.traceId()).orElseThrow();
        recorded[1] = tracing.getTrace(text.traceId()).orElseThrow();

        Dataset dataset = Dataset.fromTraces(List.of(recorded));

        assertThat(dataset.rows().get(0).inputs()).containsExactly(Map.entry("question", "What is 2+2?"));
        assertThat(dataset.rows().get(0).outputs()).contains("4");
        assertThat(dataset.rows().get(0).traceId()).contains(object.traceId());
        assertThat(dataset.rows().get(1).inputs()).containsExactly(Map.entry("input", "hello"));
        assertThat(dataset.rows().get(1).outputs()).contains(Map.of("answer", "hello"));
        assertThat(dataset.trace(text.traceId())).contains(recorded[1]);
        assertThat(dataset.source()).isEqualTo("traces");
    }
}
