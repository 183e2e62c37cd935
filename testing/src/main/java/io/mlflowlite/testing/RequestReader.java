package io.mlflowlite.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.x requests off one connection: request line, header fields, then a sized or chunked body. */
final class RequestReader {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final InputStream in;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next request line and header fields.
     *
     * @return the head, or {@code null} if the client closed the connection between requests
     * @throws ProtocolException if the bytes are not an HTTP/1.x request
     */
    RequestHead readHead() throws IOException {
        String line = readLine(true);
        // RFC 9112 section 2.2: ignore empty lines before a request line.
        while (line != null && line.isEmpty()) {
            line = readLine(true);
        }
        if (line == null) {
            return null;
        }
        String[] requestLine = line.split(" ", -1);
        if (requestLine.length != 3
                || requestLine[0].isEmpty()
                || requestLine[1].isEmpty()
                || !requestLine[2].startsWith("HTTP/1.")) {
            throw new ProtocolException("malformed request line: " + line);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String field = readLine(false); !field.isEmpty(); field = readLine(false)) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header field: " + field);
            }
            headers.computeIfAbsent(field.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(field.substring(colon + 1).trim());
        }
        return new RequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
    }

    /** Reads the body that {@code head} announces; chunked framing wins over {@code Content-Length}. */
    byte[] readBody(RequestHead head) throws IOException {
        if (head.isChunked()) {
            return readChunked();
        }
        long length = head.contentLength();
        if (length > MAX_BODY) {
            throw new ProtocolException("request body too large for a test server: " + length + " bytes");
        }
        return readExactly((int) length);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int extension = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size: " + sizeLine);
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new ProtocolException("unacceptable chunk size: " + sizeLine);
            }
            if (size == 0) {
                break;
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new ProtocolException("chunk data not followed by CRLF");
            }
        }
        // Trailer fields are read and dropped; nothing in an LLM API uses them.
        while (!readLine(false).isEmpty()) {
            continue;
        }
        return body.toByteArray();
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    /** A line without its CRLF (a bare LF is accepted too); {@code null} at end of stream if {@code eofAllowed}. */
    private String readLine(boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a request");
            }
            if (line.size() == MAX_LINE) {
                throw new ProtocolException("request line or header field longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
