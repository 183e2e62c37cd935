package io.mlflowlite.internal.http;

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
import java.util.concurrent.TimeoutException;

/**
 * The lines of an event stream read by the JDK {@code HttpClient}: bytes arrive on the client's threads and are
 * split into lines there, into a queue the reader takes from, waiting at most the given time.
 */
final class JdkSseLines implements SseLines {
    private static final Object END = new Object();

    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    @Override
    public String next(Duration wait) throws IOException, TimeoutException, InterruptedException {
        Object item = lines.poll(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
        if (item == null) {
            throw new TimeoutException();
        }
        if (item == END) {
            lines.add(END); // the end stays the end
            return null;
        }
        if (item instanceof IOException failure) {
            throw failure;
        }
        return (String) item;
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /** The body subscriber to hand the client; its body is {@code connection}, complete once the headers came. */
    HttpResponse.BodySubscriber<Object> subscriber(SseConnection connection) {
        return new LineSubscriber(connection);
    }

    private final class LineSubscriber implements HttpResponse.BodySubscriber<Object> {
        private final SseConnection connection;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean lastWasCr;
        private boolean failed;

        LineSubscriber(SseConnection connection) {
            this.connection = connection;
        }

        @Override
        public CompletionStage<Object> getBody() {
            // complete at once: the caller gets the response after the headers and reads events as they come
            return CompletableFuture.completedFuture(connection);
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
            if (failed) {
                return;
            }
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
                        if (line.size() >= MAX_LINE_BYTES) {
                            failed = true;
                            line.reset();
                            lines.add(new LineTooLongException());
                            close();
                            return;
                        }
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
            if (failed) {
                return;
            }
            lines.add(failure instanceof IOException io ? io : new IOException(failure));
        }

        @Override
        public void onComplete() {
            if (failed) {
                return;
            }
            if (line.size() > 0) {
                emitLine();
            }
            lines.add(END);
        }
    }
}
