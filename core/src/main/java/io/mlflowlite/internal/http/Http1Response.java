package io.mlflowlite.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response being read from an {@link Http1Connection}: its head, and its body framed by {@code Content-Length},
 * chunked transfer coding, or the end of the connection. Once the body was read to its end the connection goes
 * back to the pool (when both sides keep it alive); a response left unfinished closes it. Used by one thread at a
 * time; {@link #abort()} may come from another.
 */
final class Http1Response {
    private enum Framing {
        NONE,
        LENGTH,
        CHUNKED,
        UNTIL_CLOSE
    }

    /** Bodies longer than this are refused rather than buffered (a JSON answer is megabytes at most). */
    private static final long MAX_BODY = 512L * 1024 * 1024;

    final Http1Connection.Head head;
    private final Http1Connection connection;
    private final ConnectionPool pool;
    private final Framing framing;
    private final boolean keepAlive;
    private long left;
    private boolean inChunk;
    private boolean startedChunks;
    private boolean complete;
    private boolean released;

    Http1Response(Http1Connection connection, Http1Connection.Head head, boolean headRequest, ConnectionPool pool)
            throws ProtocolException {
        this.connection = connection;
        this.head = head;
        this.pool = pool;
        int status = head.status();
        String transferEncoding = head.header("transfer-encoding");
        String contentLength = head.header("content-length");
        if (headRequest || status == 204 || status == 304 || status / 100 == 1) {
            framing = Framing.NONE;
        } else if (transferEncoding != null) {
            framing =
                    transferEncoding.toLowerCase(java.util.Locale.ROOT).strip().endsWith("chunked")
                            ? Framing.CHUNKED
                            : Framing.UNTIL_CLOSE;
        } else if (contentLength != null) {
            framing = Framing.LENGTH;
            left = contentLength(contentLength);
        } else {
            framing = Framing.UNTIL_CLOSE;
        }
        boolean persistent =
                head.http10() ? head.hasToken("connection", "keep-alive") : !head.hasToken("connection", "close");
        this.keepAlive = persistent && framing != Framing.UNTIL_CLOSE;
        this.complete = framing == Framing.NONE || (framing == Framing.LENGTH && left == 0);
    }

    int status() {
        return head.status();
    }

    /** The headers as the JDK's {@link HttpHeaders} (for error mapping and replies). */
    HttpHeaders headers() {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String[] h : head.headers()) {
            map.computeIfAbsent(h[0], k -> new ArrayList<>(1)).add(h[1]);
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    /** Reads up to {@code length} bytes of the body; -1 at its end. Each wait ends at {@code deadline}. */
    int read(byte[] target, int offset, int length, long deadline) throws IOException {
        if (complete) {
            return -1;
        }
        return switch (framing) {
            case NONE -> -1;
            case LENGTH -> {
                int n = connection.read(target, offset, (int) Math.min(length, left), deadline);
                if (n < 0) {
                    throw new EOFException("Connection to " + connection.origin + " closed " + left
                            + " bytes before the end of the response body");
                }
                left -= n;
                complete = left == 0;
                yield n;
            }
            case CHUNKED -> readChunked(target, offset, length, deadline);
            case UNTIL_CLOSE -> {
                int n = connection.read(target, offset, length, deadline);
                complete = n < 0;
                yield n;
            }
        };
    }

    private int readChunked(byte[] target, int offset, int length, long deadline) throws IOException {
        if (!inChunk) {
            if (left == 0 && startedChunks) {
                String end = connection.readLine(deadline, 1024); // the CRLF after the previous chunk's data
                if (!end.isEmpty()) {
                    throw new ProtocolException("Bad chunked framing from " + connection.origin);
                }
            }
            long size = chunkSize(connection.readLine(deadline, 1024));
            startedChunks = true;
            if (size == 0) {
                while (!connection.readLine(deadline, 64 * 1024).isEmpty()) {
                    // trailer fields: nothing here needs them
                }
                complete = true;
                return -1;
            }
            left = size;
            inChunk = true;
        }
        int n = connection.read(target, offset, (int) Math.min(length, left), deadline);
        if (n < 0) {
            throw new EOFException("Connection to " + connection.origin + " closed in the middle of a chunk");
        }
        left -= n;
        inChunk = left > 0;
        return n;
    }

    /** The whole body (up to its end), then the connection is released. */
    byte[] readAll(long deadline) throws IOException {
        if (framing == Framing.LENGTH) {
            if (left > MAX_BODY) {
                throw new ProtocolException(
                        "Response body of " + left + " bytes from " + connection.origin + " is over " + MAX_BODY);
            }
            byte[] body = new byte[(int) left];
            int at = 0;
            while (at < body.length) {
                at += read(body, at, body.length - at, deadline);
            }
            release();
            return body;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[8192];
        for (int n = read(chunk, 0, chunk.length, deadline); n >= 0; n = read(chunk, 0, chunk.length, deadline)) {
            body.write(chunk, 0, n);
            if (body.size() > MAX_BODY) {
                throw new ProtocolException("Response body from " + connection.origin + " is over " + MAX_BODY);
            }
        }
        release();
        return body.toByteArray();
    }

    /**
     * Reads what remains of the body from bytes already received, without waiting for more; true when the body
     * ended there with no data left (a stream whose last event was read, and whose closing chunk arrived with it).
     */
    boolean finishFromBuffer() {
        byte[] scratch = new byte[64];
        try {
            // a deadline already past: reads use what is buffered and fail instead of waiting on the socket
            long past = System.nanoTime() - 1;
            while (!complete) {
                if (read(scratch, 0, scratch.length, past) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Gives the connection back to the pool when the body was read to its end and both sides keep it alive. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (complete && keepAlive) {
            pool.release(connection);
        } else {
            connection.close();
        }
    }

    /** Ends the exchange now: the connection is closed, never reused; unblocks a read in another thread. */
    void abort() {
        released = true;
        connection.close();
    }

    private long contentLength(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value.strip());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("Bad Content-Length from " + connection.origin + ": " + value);
        }
    }

    private long chunkSize(String line) throws ProtocolException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).strip();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new ProtocolException("Bad chunk size from " + connection.origin + ": " + line);
        }
    }
}
