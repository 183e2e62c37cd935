package io.mlflowlite.cli;

/**
 * The exit codes of every {@code mlflowlite} command, so scripts can tell a mistake in the command line from a
 * failure at run time. Listed in {@code mlflowlite --help} (Main) and docs/cli.md.
 */
final class ExitCodes {
    /** The command did what it says. */
    static final int OK = 0;
    /**
     * It failed at run time: a provider or store error, an id that is not in the store, or a gate that did not pass
     * ({@code eval compare --fail-on-regression}).
     */
    static final int FAILED = 1;
    /** The command line is wrong or incomplete: an unknown option, a missing or invalid value, a missing file. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
