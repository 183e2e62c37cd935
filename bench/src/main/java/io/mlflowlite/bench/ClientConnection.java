package io.mlflowlite.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection of the load generator: writes a request prepared once as bytes and reads
 * the answer (Content-Length or chunked), discarding the body. A plain socket rather than an HTTP client library
 * so the generator spends as little of the machine's shared CPU as possible. One request at a time.
 */
final class ClientConnection implements Closeable {
    /**
     * How long a kept-alive connection may sit idle and still be reused: the gateway closes connections idle for
     * 90 s ({@code --idle-timeout}), and a request written on one it is closing is lost without an answer (180 of
     * the 30-minute soak's requests, on connections a load spike had opened). Older ones are closed instead, as
     * load balancers do with their 60 s idle timeout.
     */
    static final long MAX_IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(128);
    // our own buffer: BufferedInputStream takes a lock per read(), and headers are read a byte at a time
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean reusable = true;
    private long lastUsed = System.nanoTime();

    ClientConnection(InetSocketAddress address, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends {@code request} and reads the whole response; returns its status code. */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = readLine();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("Not an HTTP/1.x status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip();
            String value = header.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                reusable &= !value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                skip(size + 2); // the chunk and its CRLF
            }
            while (!readLine().isEmpty()) { // trailers
            }
        } else if (length >= 0) {
            skip(length);
        } else {
            reusable = false; // body delimited by the end of the connection
            while (fill()) {
                position = limit;
            }
        }
        lastUsed = System.nanoTime();
        return code;
    }

    /** Whether the server left the connection open for another request. */
    boolean reusable() {
        return reusable;
    }

    /** Whether the connection sat idle longer than {@link #MAX_IDLE_NANOS}, so the server may be closing it. */
    boolean idleTooLong() {
        return System.nanoTime() - lastUsed > MAX_IDLE_NANOS;
    }

    private long chunkSize() throws IOException {
        String size = readLine();
        int extension = size.indexOf(';');
        return Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("Connection closed " + left + " bytes before the end of the body");
            }
            int skipped = (int) Math.min(left, limit - position);
            position += skipped;
            left -= skipped;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("Connection closed mid-response");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
    }

    /** Reads what the socket has into the (consumed) buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** The bytes of a POST of {@code json} to {@code path}, prepared once and sent many times. */
    static byte[] post(InetSocketAddress address, String path, String json) {
        return post(address, path, json, null);
    }

    /** Like {@link #post(InetSocketAddress, String, String)}, with {@code Authorization: Bearer <bearer>} unless null. */
    static byte[] post(InetSocketAddress address, String path, String json, String bearer) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + (bearer == null ? "" : "\r\nAuthorization: Bearer " + bearer)
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a connection we are done with: nothing to do about it
        }
    }
}
