package io.mlflowlite.cli;

/** A check the user asked for did not pass (a regression gate): exit {@link ExitCodes#FAILED}. */
final class GateFailedException extends RuntimeException {
    GateFailedException(String message) {
        super(message);
    }
}
