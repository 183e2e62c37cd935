package io.mlflowlite.testing;

/**
 * A way for {@link MockLlmServer} to misbehave at the connection level instead of answering.
 *
 * <p>Used alone through {@link MockResponse#fault(Fault)}, the server first reads the whole request (so it is
 * recorded), then applies the fault without writing a single response byte. Used through
 * {@link MockResponse#faultAfter(int, Fault)}, the fault strikes in the middle of a response.
 *
 * <p>A client may retry idempotent requests (GET) on its own when a pooled connection dies before any response
 * byte; the JDK {@code HttpClient} does. Such a retry consumes another enqueued response.
 */
public enum Fault {

    /** Reset the connection: {@code SO_LINGER 0} then close, so the peer receives a TCP RST. */
    RESET,

    /** Close the connection cleanly (TCP FIN) without completing the response. */
    DISCONNECT,

    /**
     * Keep the connection open and never write another byte, until the client gives up and closes it or the
     * server is {@linkplain MockLlmServer#close() closed}.
     */
    STALL
}
