package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.eval.EvalProgress;
import io.mlflowlite.eval.RowResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The eval run progress on stderr: a bar redrawn in place on a terminal, a few plain lines elsewhere. */
class ProgressBarTest {
    private static final RowResult ROW = new RowResult(
            0, Map.of(), Optional.empty(), Map.of(), Optional.empty(), null, Optional.empty(), null, null, null);

    private static EvalProgress progress(int done, int total, int errors, long elapsedSeconds) {
        return new EvalProgress(
                "er-1",
                done,
                total,
                errors,
                Duration.ofSeconds(elapsedSeconds),
                done == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(elapsedSeconds * (total - done) / done)));
    }

    @Test
    void plainOutputPrintsALineAtEachTenthAndTheLastRowAndIgnoresLateReports() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), false);

        for (int done = 1; done <= 20; done++) {
            bar.onRow(progress(done, 20, done >= 15 ? 1 : 0, done), ROW);
            bar.onRow(progress(done - 1, 20, 0, done), ROW); // a slower thread reporting an earlier count
        }

        String[] lines = err.toString().split("\n");
        assertThat(lines).hasSize(11);
        assertThat(lines[0]).isEqualTo("eval er-1: 1/20 rows    5%, 0:01 elapsed, ETA 0:19");
        assertThat(lines[1]).isEqualTo("eval er-1: 2/20 rows   10%, 0:02 elapsed, ETA 0:18");
        assertThat(lines[10]).isEqualTo("eval er-1: 20/20 rows  100%  1 error, 0:20 elapsed, ETA 0:00");
    }

    @Test
    void terminalOutputRedrawsOneBarInPlaceAndEndsItsLineWhenDone() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), true);

        bar.onRow(progress(1, 4, 0, 2), ROW);
        bar.onRow(progress(4, 4, 2, 8), ROW);

        assertThat(err.toString())
                .startsWith("\r[########----------------------]  1/4 rows   25%  0:02 elapsed  ETA 0:06")
                .endsWith(
                        "\r[##############################]  4/4 rows  100%  2 errors  0:08 elapsed  ETA 0:00\u001b[K\n")
                .doesNotContain("\n\r");
    }

    @Test
    void aRunThatStopsEarlyLeavesTheCursorOnANewLine() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), true);

        bar.onRow(progress(1, 4, 0, 2), ROW);
        bar.finish();

        assertThat(err.toString()).endsWith("\u001b[K\n");
    }

    @Test
    void clockReadsMinutesAndHours() {
        assertThat(ProgressBar.clock(Duration.ofSeconds(7))).isEqualTo("0:07");
        assertThat(ProgressBar.clock(Duration.ofSeconds(750))).isEqualTo("12:30");
        assertThat(ProgressBar.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }
}
