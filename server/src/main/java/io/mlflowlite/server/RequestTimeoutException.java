package io.mlflowlite.server;

/**
 * The client did not send its whole request body within the server's body timeout. Its connection was cut to
 * stop the read, so there is no one left to answer; the request is recorded as 408.
 */
final class RequestTimeoutException extends RuntimeException {
    static final int STATUS = 408;

    RequestTimeoutException(Throwable cause) {
        super("The client did not send the request body in time", cause, false, false);
    }
}
