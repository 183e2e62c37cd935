package io.mlflowlite.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Where an {@link SseConnection} takes its lines from: one implementation per HTTP client. One reader thread. */
interface SseLines {
    /**
     * The longest line read, 8 MiB: far above any provider's largest event (a whole tool call's arguments), and
     * a bound on what a broken or hostile upstream can make the gateway buffer.
     */
    int MAX_LINE_BYTES = 8 * 1024 * 1024;

    /**
     * The next line without its terminator (CR, LF or CRLF), or null at the end of the stream. Waits at most
     * {@code wait}, then throws {@link TimeoutException} (or {@link java.net.SocketTimeoutException}); a line over
     * {@link #MAX_LINE_BYTES} throws {@link LineTooLongException}.
     */
    String next(Duration wait) throws IOException, TimeoutException, InterruptedException;

    /** Stops the exchange and releases the connection. Idempotent, never throws; may come from any thread. */
    void close();
}
