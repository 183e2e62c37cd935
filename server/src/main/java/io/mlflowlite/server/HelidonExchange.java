package io.mlflowlite.server;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link Exchange} over a Helidon request and response. */
final class HelidonExchange implements Exchange {
    private final ServerRequest request;
    private final ServerResponse response;
    private final ReadDeadlines deadlines;
    private final Duration bodyTimeout;
    private int status;
    /** The most of an unread body {@link #lingerOnUnreadBody} reads before the connection closes. */
    static final long LINGER_BYTES = 16L * 1024 * 1024;
    /** The longest {@link #lingerOnUnreadBody} reads before the connection closes. */
    static final Duration LINGER_TIME = Duration.ofSeconds(2);

    private boolean closeConnection;
    private boolean streamed;

    HelidonExchange(ServerRequest request, ServerResponse response, ReadDeadlines deadlines, Duration bodyTimeout) {
        this.request = request;
        this.response = response;
        this.deadlines = deadlines;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public String method() {
        return request.prologue().method().text();
    }

    @Override
    public String path() {
        return request.path().path();
    }

    @Override
    public Optional<String> pathParameter(String name) {
        return request.path().pathParameters().first(name).asOptional();
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return request.query().first(name).asOptional();
    }

    @Override
    public String rawQuery() {
        return request.query().rawValue();
    }

    @Override
    public Optional<String> header(String name) {
        return request.headers().first(HeaderNames.create(name));
    }

    @Override
    public OptionalLong contentLength() {
        return request.headers().contentLength();
    }

    @Override
    public InputStream body() {
        return new TimedBody(
                request.content().inputStream(),
                deadlines.arm(bodyTimeout),
                DataReader.InsufficientDataAvailableException.class);
    }

    @Override
    public void header(String name, String value) {
        if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
            closeConnection = true;
        }
        response.header(name, value);
    }

    @Override
    public Optional<String> responseHeader(String name) {
        return response.headers().first(HeaderNames.create(name));
    }

    @Override
    public void send(int code, String contentType, byte[] body) {
        closeIfBodyUnread();
        status = code;
        response.status(Status.create(code));
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        response.send(body);
    }

    @Override
    public OutputStream stream(int code, String contentType) {
        closeIfBodyUnread();
        status = code;
        streamed = true;
        response.status(Status.create(code));
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        return response.outputStream();
    }

    /**
     * A body the route did not read (a refusal before reading, a route that takes none) would otherwise be read
     * and discarded by Helidon to keep the connection, whatever its size: end the connection instead.
     */
    private void closeIfBodyUnread() {
        if (request.content().hasEntity() && !request.content().consumed()) {
            header("connection", "close");
        }
    }

    /**
     * Reads and drops what is left of a body the route did not read, at most {@value #LINGER_BYTES} bytes for at
     * most {@link #LINGER_TIME}, before the connection is closed for it: closing a socket with bytes still unread
     * resets the connection, and a client still sending its body can lose the answer already sent to it (a
     * lingering close, as nginx does). A client that sends more, or too slowly, is cut when either runs out.
     */
    void lingerOnUnreadBody() {
        if (!request.content().hasEntity() || request.content().consumed()) {
            return;
        }
        ReadDeadlines.Alarm alarm = deadlines.arm(LINGER_TIME);
        try (InputStream in = request.content().inputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long left = LINGER_BYTES;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the client stopped sending, or the time ran out: the connection closes either way
        } finally {
            alarm.disarm();
            Thread.interrupted(); // an alarm that rang leaves the thread interrupted
        }
    }

    /**
     * Whether the connection must end after this response: its answer said {@code Connection: close} (a body
     * left unread, a refused body, broken framing). The web server does not act on that header by itself; left
     * open, the unread bytes would be parsed as the next request.
     */
    boolean closeConnection() {
        // a stream ends its own way: cutting the connection would lose its last chunk
        return closeConnection && !streamed;
    }

    @Override
    public boolean committed() {
        return status != 0 || response.isSent();
    }

    @Override
    public int status() {
        return status;
    }
}
