package io.mlflowlite.internal.http;

import io.mlflowlite.AttemptTimeoutException;
import io.mlflowlite.MlflowliteException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An open {@code text/event-stream} response. Bytes arrive on the HTTP client's threads and are split into
 * lines there; {@link #next(Duration)} assembles events on the caller's thread, waiting at most the given
 * time, so a stalled stream can never hang the caller. {@link #close()} cancels the exchange.
 * One consumer thread.
 */
public final class SseConnection implements AutoCloseable {
    private static final Object END = new Object();

    private final String provider;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private boolean ended;

    SseConnection(String provider) {
        this.provider = provider;
    }

    /**
     * The next event, or null when the stream ended (check the provider's terminal event to tell a normal end
     * from a truncated one). Waits at most {@code wait} for each line.
     */
    public SseEvent next(Duration wait) {
        String event = null;
        String id = null;
        StringBuilder data = null;
        while (true) {
            Object item = take(wait);
            if (item == END) {
                ended = true;
                return data == null ? null : new SseEvent(event, data.toString(), id);
            }
            if (item instanceof Throwable failure) {
                ended = true;
                throw HttpTransport.mapFailure(provider, wait, failure);
            }
            String line = (String) item;
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString(), id);
                }
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> id = value;
                default -> { } // retry: and unknown fields are ignored, as the SSE spec says
            }
        }
    }

    private Object take(Duration wait) {
        if (ended) {
            return END;
        }
        try {
            Object item = lines.poll(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
            if (item == null) {
                close();
                throw new AttemptTimeoutException(provider, wait, null);
            }
            return item;
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while reading the stream from " + provider, e);
        }
    }

    /** Cancels the exchange and releases the connection. Idempotent, never throws. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    HttpResponse.BodySubscriber<Object> subscriber() {
        return new LineSubscriber();
    }

    private final class LineSubscriber implements HttpResponse.BodySubscriber<Object> {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean lastWasCr;

        @Override
        public CompletionStage<Object> getBody() {
            // complete at once: the caller gets the response after the headers and reads events as they come
            return CompletableFuture.completedFuture(SseConnection.this);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                // unbounded demand: with request(1) the client may fail a cut stream before handing over
                // chunks it had already decoded, losing events the provider did send
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        if (!lastWasCr) {
                            emitLine();
                        }
                        lastWasCr = false;
                    } else if (b == '\r') {
                        emitLine();
                        lastWasCr = true;
                    } else {
                        lastWasCr = false;
                        line.write(b);
                    }
                }
            }
        }

        private void emitLine() {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }

        @Override
        public void onError(Throwable failure) {
            lines.add(failure instanceof IOException ? failure : new IOException(failure));
        }

        @Override
        public void onComplete() {
            if (line.size() > 0) {
                emitLine();
            }
            lines.add(END);
        }
    }
}
