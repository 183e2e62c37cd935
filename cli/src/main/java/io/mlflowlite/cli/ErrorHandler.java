package io.mlflowlite.cli;

import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.MlflowliteException;
import picocli.CommandLine;

/**
 * Prints mlflowlite's failures as one clear line (plus the attempts made) instead of a stack trace, and maps them
 * to {@link ExitCodes}: a wrong command line ({@link IllegalArgumentException}) is a usage error, everything else
 * a failure at run time.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof MlflowliteException failure) {
            cli.getErr().println("error: " + failure.getMessage());
            for (Attempt attempt : failure.attempts()) {
                cli.getErr()
                        .printf(
                                "  attempt %d  %-28s %-8s %s%n",
                                attempt.number(),
                                attempt.model(),
                                attempt.outcome(),
                                attempt.errorMessage().orElse(""));
            }
            return ExitCodes.FAILED;
        }
        if (e instanceof NotFoundException || e instanceof GateFailedException) {
            cli.getErr().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (e instanceof IllegalArgumentException) {
            cli.getErr().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        java.io.IOException io = ioCause(e);
        if (io != null) {
            // a file the user named could not be read or written: their setup, not our bug, so no stack trace
            String context = e instanceof java.io.UncheckedIOException
                            && e.getMessage() != null
                            && !e.getMessage().equals(io.toString())
                    ? e.getMessage() + ": "
                    : "";
            cli.getErr().println("error: " + context + describe(io));
            return 1;
        }
        cli.getErr().println("error: " + e);
        e.printStackTrace(cli.getErr());
        return ExitCodes.FAILED;
    }

    private static java.io.IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io) {
                return io;
            }
        }
        return null;
    }

    /** The usual file failures in words; the file system's own message otherwise. */
    static String describe(java.io.IOException io) {
        if (io instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": no such file or folder"
                    + (missing.getFile() != null
                                    && java.nio.file.Path.of(missing.getFile()).getParent() != null
                                    && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(missing.getFile())
                                            .getParent())
                            ? " (the folder "
                                    + java.nio.file.Path.of(missing.getFile()).getParent() + " does not exist)"
                            : "");
        }
        if (io instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (io instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + ": "
                    + (fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName());
        }
        return io.getMessage() != null ? io.getMessage() : io.toString();
    }
}
