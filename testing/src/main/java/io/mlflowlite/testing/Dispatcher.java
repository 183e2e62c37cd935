package io.mlflowlite.testing;

/**
 * Chooses the response to each request, for tests whose answers depend on what was asked.
 *
 * <p>Installed with {@link MockLlmServer#setDispatcher(Dispatcher)}, it replaces the queue of enqueued responses.
 * The request is already recorded (visible to {@link MockLlmServer#takeRequest()}) when the dispatcher runs.
 *
 * <p>Contract: it is called on the thread that serves the connection, concurrently when several connections are
 * open, so it must be thread-safe. Exceptions and assertion errors it throws, and a {@code null} result, become a
 * {@code 500} response whose JSON body says what went wrong. It may block (for example to hold an answer back
 * until the test is ready); {@link MockLlmServer#close()} interrupts it.
 */
@FunctionalInterface
public interface Dispatcher {

    /**
     * Returns the response to send for {@code request}.
     *
     * @param request the request as received, body included
     * @return the response to send, never {@code null}
     */
    MockResponse dispatch(RecordedRequest request);
}
