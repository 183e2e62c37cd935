package io.mlflowlite.cli;

import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.Attempt;
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
                cli.getErr().printf("  attempt %d  %-28s %-8s %s%n", attempt.number(), attempt.model(),
                        attempt.outcome(), attempt.errorMessage().orElse(""));
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
        cli.getErr().println("error: " + e);
        e.printStackTrace(cli.getErr());
        return ExitCodes.FAILED;
    }
}
