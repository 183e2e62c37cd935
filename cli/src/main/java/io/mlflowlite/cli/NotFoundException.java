package io.mlflowlite.cli;

/** Something named on the command line is not in the store: a run-time failure ({@link ExitCodes#FAILED}). */
final class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
