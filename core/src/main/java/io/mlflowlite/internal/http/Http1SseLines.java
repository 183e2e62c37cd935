package io.mlflowlite.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
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

    private String read(long deadline) throws IOException {
        while (true) {
            while (position < limit) {
                byte b = chunk[position++];
                if (b == '\n') {
                    boolean afterCr = lastWasCr;
                    lastWasCr = false;
                    if (!afterCr) {
                        return take();
                    }
                } else if (b == '\r') {
                    lastWasCr = true;
                    return take();
                } else {
                    lastWasCr = false;
                    if (line.size() >= MAX_LINE_BYTES) {
                        throw new LineTooLongException();
                    }
                    line.write(b);
                }
            }
            if (ended) {
                return null;
            }
            int n = response.read(chunk, 0, chunk.length, deadline);
            if (n < 0) {
                ended = true;
                if (line.size() > 0) {
                    return take();
                }
                return null;
            }
            position = 0;
            limit = n;
        }
    }

    private String take() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
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
