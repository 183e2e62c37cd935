package io.mlflowlite.chat;

import io.mlflowlite.error.MlflowliteException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed chat completion: iterate its chunks as they arrive, then read {@link #response()} for the
 * whole completion with usage, cost and latency. Close it (try-with-resources) to stop early; closing
 * releases the provider connection.
 *
 * <p>Iterate once, on one thread. Iteration blocks while waiting for the next chunk, never past the call's
 * deadline. A failure mid-stream surfaces from {@code hasNext()}/{@code next()} as an
 * {@link MlflowliteException}.
 */
public final class ChatStream implements Iterable<ChatChunk>, AutoCloseable {
    private final ChunkSource source;
    private final List<StreamListener> listeners;
    private final UnaryOperator<ChatResponse> finisher;
    private final String traceId;
    private final Map<String, String> labels;
    private final StreamAccumulator accumulator = new StreamAccumulator();
    private boolean iterated;
    private boolean ended;
    private ChatResponse response;

    private ChatStream(
            ChunkSource source,
            List<StreamListener> listeners,
            UnaryOperator<ChatResponse> finisher,
            String traceId,
            Map<String, String> labels) {
        this.source = source;
        this.listeners = listeners;
        this.finisher = finisher;
        this.traceId = traceId;
        this.labels = labels;
    }

    /** A stream over {@code source}. */
    public static ChatStream of(ChunkSource source) {
        return new ChatStream(source, List.of(), UnaryOperator.identity(), null, Map.of());
    }

    /** A stream that also tells {@code listener} about its chunks and its end. Call before iterating. */
    public ChatStream withListener(StreamListener listener) {
        List<StreamListener> all = new ArrayList<>(listeners);
        all.add(listener);
        return new ChatStream(source, List.copyOf(all), finisher, traceId, labels);
    }

    /**
     * A stream whose final {@link #response()} is passed through {@code step} after the steps already
     * there (the pipeline adds cost, latency, attempts and the trace id this way). Call before iterating.
     */
    public ChatStream withFinisher(UnaryOperator<ChatResponse> step) {
        UnaryOperator<ChatResponse> previous = finisher;
        return new ChatStream(source, listeners, r -> step.apply(previous.apply(r)), traceId, labels);
    }

    /**
     * The id of the trace recording this stream, known from the start (before the first chunk is read) so a
     * server can send it in its response headers; empty when tracing is off.
     */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** A stream recorded in trace {@code id} (set by the tracing step). Call before iterating. */
    public ChatStream withTraceId(String id) {
        return new ChatStream(source, listeners, finisher, id, labels);
    }

    /**
     * What the gateway's routing decided for this call (see {@link ChatResponse#labels()}), known from the start
     * so a server can send them in its response headers.
     */
    public Map<String, String> labels() {
        return labels;
    }

    /** A stream carrying routing {@code values} (set by the gateway). Call before iterating. */
    public ChatStream withLabels(Map<String, String> values) {
        return new ChatStream(source, listeners, finisher, traceId, Map.copyOf(values));
    }

    /** The chunks; may be iterated once. */
    @Override
    public Iterator<ChatChunk> iterator() {
        if (iterated) {
            throw new IllegalStateException("A ChatStream can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private ChatChunk next;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    next = pull();
                }
                return next != null;
            }

            @Override
            public ChatChunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ChatChunk chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    /** The chunks as a sequential {@link Stream}; closing it closes this. */
    public Stream<ChatChunk> chunks() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Reads the stream to its end (if not yet done) and returns the whole completion. */
    public ChatResponse response() {
        if (!ended) {
            if (!iterated) {
                iterator().forEachRemaining(chunk -> {});
            } else {
                while (pull() != null) {
                    // drain what the caller did not read
                }
            }
        }
        if (response == null) {
            throw new IllegalStateException("The stream was closed before it ended");
        }
        return response;
    }

    /** Reads the stream to its end and returns the first choice's text. */
    public String text() {
        return response().content();
    }

    private ChatChunk pull() {
        ChatChunk chunk;
        try {
            chunk = source.next();
            if (chunk != null) {
                accumulator.add(chunk); // inside: a stream past the accumulator's bounds fails like a broken one
            }
        } catch (RuntimeException e) {
            ended = true;
            source.close();
            ChatResponse partial = accumulator.toResponse();
            listeners.forEach(l -> l.onError(e, partial));
            throw e;
        }
        if (chunk == null) {
            ended = true;
            source.close();
            response = finisher.apply(accumulator.toResponse());
            listeners.forEach(l -> l.onComplete(response));
            return null;
        }
        listeners.forEach(l -> l.onChunk(chunk));
        return chunk;
    }

    /** Stops the stream; when it had not ended, listeners see a cancellation. Idempotent. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            source.close();
            ChatResponse partial = accumulator.toResponse();
            listeners.forEach(l -> l.onCancel(partial));
        }
    }
}
