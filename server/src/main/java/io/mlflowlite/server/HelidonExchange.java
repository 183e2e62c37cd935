package io.mlflowlite.server;

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
    private int status;

    HelidonExchange(ServerRequest request, ServerResponse response) {
        this.request = request;
        this.response = response;
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
    public Optional<String> header(String name) {
        return request.headers().first(HeaderNames.create(name));
    }

    @Override
    public OptionalLong contentLength() {
        return request.headers().contentLength();
    }

    @Override
    public InputStream body() {
        return request.content().inputStream();
    }

    @Override
    public void header(String name, String value) {
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
            response.header(HeaderNames.CONNECTION, "close");
        }
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
