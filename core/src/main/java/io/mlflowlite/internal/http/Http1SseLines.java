package io.mlflowlite.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lines of an event stream read straight from an {@link Http1Response} on the reader's own thread: no queue,
 * no hand-off. Each line must arrive within the wait given for it. Closing after the stream's end gives the
 * connection back to the pool when the closing chunk was already received; otherwise it is closed, which is
 * also what cancels the request upstream when the caller stops early.
 */
final class Http1SseLines implements SseLines {
    private final Http1Response response;
    private final byte[] chunk = new byte[8192];
    /** The line read so far: {@code line[0..length)}. */
    private byte[] line = new byte[256];

    private int length;
    private int position;
    private int limit;
    private boolean lastWasCr;
    private boolean ended;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean closed;

    Http1SseLines(Http1Response response) {
        this.response = response;
    }

    @Override
    public String next(Duration wait) throws IOException {
        reading.lock();
        try {
            return read(System.nanoTime() + Math.max(1, wait.toNanos()));
        } finally {
            reading.unlock();
        }
    }

    /**
     * The next line: the bytes up to a CR, LF or CRLF, copied a run at a time (an event's data line is one copy,
     * not a call per byte).
     */
    private String read(long deadline) throws IOException {
        while (true) {
            int start = position;
            while (position < limit && chunk[position] != '\n' && chunk[position] != '\r') {
                position++;
            }
            if (position > start) {
                lastWasCr = false;
                append(start, position - start);
            }
            if (position < limit) {
                byte b = chunk[position++];
                boolean afterCr = lastWasCr;
                lastWasCr = b == '\r';
                if (b == '\r' || !afterCr) {
                    return take();
                }
                continue; // the LF of a CRLF whose CR ended the line already
            }
            if (ended) {
                return null;
            }
            int n = response.read(chunk, 0, chunk.length, deadline);
            if (n < 0) {
                ended = true;
                if (length > 0) {
                    return take();
                }
                return null;
            }
            position = 0;
            limit = n;
        }
    }

    private void append(int from, int count) throws LineTooLongException {
        if (length + count > MAX_LINE_BYTES) {
            throw new LineTooLongException();
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, line.length * 2));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }

    private String take() {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!reading.tryLock()) {
            response.abort(); // a read is blocked in another thread: closing the socket ends it
            return;
        }
        try {
            if (position == limit && (ended || response.finishFromBuffer())) {
                response.release();
            } else {
                response.abort();
            }
        } finally {
            reading.unlock();
        }
    }
}
