package io.mlflowlite.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One HTTP request and its response, as routes see it: no HTTP-stack types, so a route reads like the
 * protocol it speaks and the stack underneath can change. Used by one thread, the request's own.
 */
interface Exchange {
    /** The request method in upper case, such as {@code POST}. */
    String method();

    /** The request path without the query, such as {@code /v1/chat/completions}. */
    String path();

    /** The value of path parameter {@code name} of a templated route ({@code /endpoints/{name}/invocations}). */
    Optional<String> pathParameter(String name);

    /** The first value of query parameter {@code name}. */
    Optional<String> queryParameter(String name);

    /** The query string as sent, without {@code ?} (empty when there is none). */
    default String rawQuery() {
        return "";
    }

    /** The first value of request header {@code name} (case-insensitive). */
    Optional<String> header(String name);

    /** The request's declared {@code Content-Length}; empty for a chunked body. */
    OptionalLong contentLength();

    /** The request body as it arrives; read it at most once. */
    InputStream body();

    /** Sets response header {@code name}; effective until the response is committed. */
    void header(String name, String value);

    /** The response header {@code name} set so far (for the access log); empty where the stack cannot tell. */
    default Optional<String> responseHeader(String name) {
        return Optional.empty();
    }

    /** Whether the access log records this exchange: a client's yes; the server's own start-up warm-up no. */
    default boolean accessLogged() {
        return true;
    }

    /** Sends a complete response and commits it. */
    void send(int status, String contentType, byte[] body);

    /**
     * Commits the response head ({@code status}, headers so far, chunked body) and returns the body stream.
     * Each {@code flush()} puts what was written on the wire; a write or flush throws once the client is gone.
     */
    OutputStream stream(int status, String contentType);

    /** Whether the response head was already sent, so no other status can be. */
    boolean committed();

    /** The status sent (0 before the response is committed). */
    int status();
}
