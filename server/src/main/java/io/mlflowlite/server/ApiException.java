package io.mlflowlite.server;

/** A request the server refuses by itself (bad body, wrong media type, admission), carrying its answer. */
final class ApiException extends RuntimeException {
    private final transient ApiError error;

    ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
