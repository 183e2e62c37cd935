package io.mlflowlite.server;

/** Writing the response failed: the client closed the connection. Nothing more can be sent. */
final class ClientGoneException extends RuntimeException {
    ClientGoneException(Throwable cause) {
        super("The client closed the connection", cause, false, false);
    }
}
