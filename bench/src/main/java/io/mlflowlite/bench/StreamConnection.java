package io.mlflowlite.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One keep-alive HTTP/1.1 connection of the stream bench's client: sends a streamed chat completion request and
 * reads its server-sent events as they arrive, noting when each bytes read completed events ({@code \n\n}): the
 * time of the response head, of the first event (the first token), of each later one, and of the end. A plain
 * socket with {@code TCP_NODELAY}, reading whatever the socket has, so nothing between the wire and the clock
 * buffers an event. One stream at a time.
 */
final class StreamConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(128);
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private long filledAt;
    private boolean reusable = true;
    private long lastUsed = System.nanoTime();
    private byte previous;

    StreamConnection(InetSocketAddress address, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** What one stream saw, in {@link System#nanoTime()} readings; {@code events} are the event times in order. */
    record Timing(int status, long sent, long head, long[] events, int eventCount, long end) {}

    /** Sends {@code request} and reads the whole streamed answer, timing each event. */
    Timing exchange(byte[] request) throws IOException {
        long sent = System.nanoTime();
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
        long head = filledAt;
        long[] events = new long[64];
        int count = 0;
        previous = 0;
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                long left = size;
                while (left > 0) {
                    if (position == limit && !fill()) {
                        throw new EOFException("Connection closed in the middle of a chunk");
                    }
                    int n = (int) Math.min(left, limit - position);
                    for (int i = position; i < position + n; i++) {
                        if (buffer[i] == '\n' && previous == '\n') {
                            if (count == events.length) {
                                events = java.util.Arrays.copyOf(events, count * 2);
                            }
                            events[count++] = filledAt;
                        }
                        previous = buffer[i];
                    }
                    position += n;
                    left -= n;
                }
                readLine(); // the chunk's CRLF
            }
            while (!readLine().isEmpty()) { // trailers
            }
        } else if (length >= 0) {
            skip(length); // not a stream (an error answer)
        } else {
            throw new IOException("A streamed answer without chunked framing");
        }
        lastUsed = System.nanoTime();
        return new Timing(code, sent, head, events, count, lastUsed);
    }

    boolean reusable() {
        return reusable;
    }

    /** Whether the connection sat idle longer than {@link ClientConnection#MAX_IDLE_NANOS}. */
    boolean idleTooLong() {
        return System.nanoTime() - lastUsed > ClientConnection.MAX_IDLE_NANOS;
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

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        filledAt = System.nanoTime();
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
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
