package io.mlflowlite.cli;

import io.mlflowlite.eval.EvalProgress;
import io.mlflowlite.eval.ProgressListener;
import io.mlflowlite.eval.RowResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Draws an evaluation's progress on stderr: on a terminal, one bar redrawn in place
 * ({@code [#########-----------]  45/100  45%  2 errors  0:12 elapsed  ETA 0:15}) at most every 100 ms; elsewhere
 * (a pipe, a CI log) a plain line at every tenth of the rows, so logs stay short. Rows finish on many threads and
 * may report out of order: only progress past what was drawn is drawn. Thread-safe.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private int shown = -1;
    private int lastDecile = -1;
    private long lastDraw;
    private boolean drawnOnTerminal;

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onRow(EvalProgress progress, RowResult row) {
        if (progress.done() <= shown) {
            return;
        }
        boolean last = progress.done() >= progress.total();
        if (terminal) {
            long now = System.nanoTime();
            if (!last && drawnOnTerminal && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            shown = progress.done();
            drawnOnTerminal = true;
            err.print("\r" + bar(progress) + "\u001b[K" + (last ? "\n" : ""));
            err.flush();
            return;
        }
        int decile = progress.total() == 0 ? 10 : progress.done() * 10 / progress.total();
        if (decile > lastDecile || last) {
            lastDecile = decile;
            shown = progress.done();
            err.println(line(progress));
            err.flush();
        }
    }

    /** Ends a bar a run left unfinished (it failed), so what follows starts on its own line. */
    synchronized void finish() {
        if (terminal && drawnOnTerminal && shown >= 0) {
            err.println();
            err.flush();
            drawnOnTerminal = false;
        }
    }

    static String bar(EvalProgress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]  " + counts(p) + "  " + clock(p.elapsed())
                + " elapsed" + p.eta().map(eta -> "  ETA " + clock(eta)).orElse("");
    }

    static String line(EvalProgress p) {
        return "eval " + p.runId() + ": " + counts(p) + ", " + clock(p.elapsed()) + " elapsed"
                + p.eta().map(eta -> ", ETA " + clock(eta)).orElse("");
    }

    private static String counts(EvalProgress p) {
        return String.format(Locale.ROOT, "%d/%d rows  %3.0f%%", p.done(), p.total(), p.fraction() * 100)
                + (p.errors() == 0 ? "" : "  " + p.errors() + (p.errors() == 1 ? " error" : " errors"));
    }

    /** {@code 0:07}, {@code 12:30}, {@code 1:02:03}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Whether this process's stderr is a terminal (JDK 22+ can tell a redirected console apart). */
    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only when both streams are a terminal
        }
    }
}
