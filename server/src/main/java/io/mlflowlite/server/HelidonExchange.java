package io.mlflowlite.server;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link Exchange} over a Helidon request and response. */
final class HelidonExchange implements Exchange {
    private final ServerRequest request;
    private final ServerResponse response;
    private final ReadDeadlines deadlines;
    private final java.time.Duration bodyTimeout;
    private int status;
    private boolean closeConnection;
    private boolean streamed;

    HelidonExchange(
            ServerRequest request, ServerResponse response, ReadDeadlines deadlines, java.time.Duration bodyTimeout) {
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
