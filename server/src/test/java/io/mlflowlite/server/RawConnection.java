package io.mlflowlite.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw TCP connection to a server, for what HTTP clients refuse to send: partial requests, lies about the
 * length, bytes after a refused body. Reads answers byte by byte, so nothing after an answer is consumed. Every
 * read is bounded by a deadline (the socket timeout), so a server that hangs fails the test instead of the build.
 */
final class RawConnection implements AutoCloseable {
    /** A deadline for one read: long enough for any answer, short enough for a hang to fail a test. */
    static final int READ_DEADLINE_MS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(READ_DEADLINE_MS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawConnection write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes, and tells whether the server had closed the connection (a reset or broken pipe). */
    boolean writeFails(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads one response with a {@code Content-Length} body (or none). */
    Response readResponse() {
        String statusLine = line();
        if (statusLine == null) {
            throw new AssertionError("the server closed the connection without answering");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        try {
            byte[] body = in.readNBytes(length);
            return new Response(
                    Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether nothing arrives within {@code millis}: the server neither answered nor closed. */
    boolean silentFor(int millis) {
        try {
            socket.setSoTimeout(millis);
            try {
                in.read();
                return false;
            } catch (java.net.SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(READ_DEADLINE_MS);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server ends the connection (end of stream or a reset) before sending another byte. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset: closed too
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a timeout: the server kept the connection open
        }
    }

    private String line() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        } catch (SocketException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's socket: nothing to do
        }
    }

    record Response(int status, Map<String, String> headers, String body) {}
}
