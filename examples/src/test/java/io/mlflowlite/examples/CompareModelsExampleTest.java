package io.mlflowlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the comparison example of docs/evaluation.md on the simulated models. */
class CompareModelsExampleTest {

    @Test
    void comparesTwoSimulatedModelsAndWritesTheReport() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CompareModels.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains("'mock/mini on capitals'  model mock/mini  6 rows  FINISHED")
                .contains("pairing    6 rows by index (same dataset)")
                .containsPattern("contains_expected +\\d+\\.\\d% +\\d+\\.\\d%")
                .contains("latency (lower is better)")
                .contains("contains_expected delta: contains_expected  ");
        Matcher report = Pattern.compile("HTML report: (\\S+)").matcher(output);
        assertThat(report.find()).isTrue();
        Path file = Path.of(report.group(1));
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").contains("contains_expected");
        Files.delete(file);
    }
}
