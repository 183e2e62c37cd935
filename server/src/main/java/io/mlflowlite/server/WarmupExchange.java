package io.mlflowlite.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/** A request held in memory, answered into memory: how {@link Warmup} runs the routes without a socket. */
final class WarmupExchange implements Exchange {
    private final String path;
    private final byte[] body;
    private int status;

    WarmupExchange(String path, String json) {
        this.path = path;
        this.body = json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean accessLogged() {
        return false; // the server's own warm-up, not a client's request
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Optional<String> pathParameter(String name) {
        return Optional.empty();
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return Optional.empty();
    }

    @Override
    public Optional<String> header(String name) {
        return name.equalsIgnoreCase("content-type") ? Optional.of("application/json") : Optional.empty();
    }

    @Override
    public OptionalLong contentLength() {
        return OptionalLong.of(body.length);
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void header(String name, String value) {
        // nobody reads a warm-up's headers
    }

    @Override
    public void send(int code, String contentType, byte[] answer) {
        status = code;
    }

    @Override
    public OutputStream stream(int code, String contentType) {
        status = code;
        return new ByteArrayOutputStream();
    }

    @Override
    public boolean committed() {
        return status != 0;
    }

    @Override
    public int status() {
        return status;
    }
}
