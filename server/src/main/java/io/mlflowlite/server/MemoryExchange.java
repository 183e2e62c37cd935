package io.mlflowlite.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A POST held in memory and answered into memory: how {@link Warmup} runs the routes without a socket (and how the
 * parser fuzz tests drive them). Not access-logged: no client sent it.
 */
final class MemoryExchange implements Exchange {
    private final String path;
    private final String name;
    private final byte[] body;
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    private int status;

    /** A JSON body to {@code path}. */
    MemoryExchange(String path, String json) {
        this(path, null, json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code body} to {@code path}, whose path parameter {@code name} is {@code name} (null when it has none). */
    MemoryExchange(String path, String name, byte[] body) {
        this.path = path;
        this.name = name;
        this.body = body;
    }

    /** The same request again, not yet answered. */
    MemoryExchange again() {
        return new MemoryExchange(path, name, body);
    }

    /** What was answered so far, as text. */
    String answer() {
        return answer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public boolean accessLogged() {
        return false;
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
    public Optional<String> pathParameter(String parameter) {
        return parameter.equals("name") ? Optional.ofNullable(name) : Optional.empty();
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
        // nobody reads these headers
    }

    @Override
    public void send(int code, String contentType, byte[] bytes) {
        status = code;
        answer.writeBytes(bytes);
    }

    @Override
    public OutputStream stream(int code, String contentType) {
        status = code;
        return answer;
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
