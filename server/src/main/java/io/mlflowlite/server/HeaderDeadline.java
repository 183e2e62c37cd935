package io.mlflowlite.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;

/**
 * Gives a client {@code timeout} from its request line to the end of its headers. The web server's idle timeout
 * covers a connection waiting for (or dripping) a request line, but not headers sent a byte at a time, which
 * would hold a connection for hours. Both callbacks run on the connection's own thread, so a thread-local holds
 * the pending alarm.
 */
final class HeaderDeadline implements Http1ConnectionListener {
    private final ReadDeadlines deadlines;
    private final Duration timeout;
    private final ThreadLocal<ReadDeadlines.Alarm> pending = new ThreadLocal<>();

    HeaderDeadline(ReadDeadlines deadlines, Duration timeout) {
        this.deadlines = deadlines;
        this.timeout = timeout;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        // a request refused in its headers never reached headers(): its alarm must not ring into this one
        headers(ctx, null);
        pending.set(deadlines.arm(timeout));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        ReadDeadlines.Alarm alarm = pending.get();
        if (alarm != null) {
            pending.remove();
            alarm.disarm();
        }
    }
}
