package io.mlflowlite.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Writes {@link MockResponse}s onto one connection as HTTP/1.1, honouring their delays. */
final class ResponseWriter {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final OutputStream out;
    private final CountDownLatch serverClosed;

    /**
     * @param out buffered; every flush is deliberate
     * @param serverClosed trips when the server closes, which cuts every delay short
     */
    ResponseWriter(OutputStream out, CountDownLatch serverClosed) {
        this.out = out;
        this.serverClosed = serverClosed;
    }

    void writeContinue() throws IOException {
        out.write(CONTINUE);
        out.flush();
    }

    /**
     * Writes {@code response}, stopping where its fault strikes.
     *
     * @param headRequest answer a HEAD request: headers only
     * @param closeAfter announce {@code Connection: close}
     * @return the fault the caller must now apply to the connection, or {@code null} if the response is complete
     */
    Fault write(MockResponse response, boolean headRequest, boolean closeAfter) throws IOException {
        pause(response.headersDelay());
        if (response.fault() != null && response.faultAfterParts() < 0) {
            return response.fault();
        }
        int status = response.status();
        boolean hasBody = !headRequest && status != 204 && status != 304;
        writeHead(response, status != 204 && status != 304, closeAfter);
        List<String> parts = hasBody ? response.parts() : List.of();
        int sent = response.fault() == null ? parts.size() : Math.min(parts.size(), response.faultAfterParts());
        pause(response.bodyDelay());
        for (int i = 0; i < sent; i++) {
            if (i > 0) {
                pause(response.eventDelay());
            }
            byte[] bytes = parts.get(i).getBytes(StandardCharsets.UTF_8);
            if (response.streamed()) {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(bytes);
                out.write('\r');
                out.write('\n');
            } else {
                out.write(bytes);
            }
            out.flush();
        }
        if (response.fault() != null) {
            return response.fault();
        }
        if (hasBody && response.streamed()) {
            out.write(LAST_CHUNK);
            out.flush();
        }
        return null;
    }

    private void writeHead(MockResponse response, boolean framed, boolean closeAfter) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(response.status())
                .append(' ')
                .append(ReasonPhrase.of(response.status()))
                .append("\r\n");
        for (Map.Entry<String, String> header : response.headers()) {
            field(head, header.getKey(), header.getValue());
        }
        if (!response.hasHeader("Content-Type")) {
            field(head, "Content-Type", response.contentType());
        }
        if (framed && response.streamed() && !response.hasHeader("Transfer-Encoding")) {
            field(head, "Transfer-Encoding", "chunked");
        }
        if (framed && !response.streamed() && !response.hasHeader("Content-Length")) {
            long length = 0;
            for (String part : response.parts()) {
                length += part.getBytes(StandardCharsets.UTF_8).length;
            }
            field(head, "Content-Length", Long.toString(length));
        }
        if (closeAfter && !response.hasHeader("Connection")) {
            field(head, "Connection", "close");
        }
        head.append("\r\n");
        // Header values may hold non-ASCII text a test put there; send it as UTF-8 rather than mangle it.
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void field(StringBuilder head, String name, String value) {
        head.append(name).append(": ").append(value).append("\r\n");
    }

    private void pause(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            if (serverClosed.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SocketException("MockLlmServer closed during a delay");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a delay");
        }
    }
}
