package io.mlflowlite.internal.http;

import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.MlflowliteException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An open {@code text/event-stream} response. {@link #next(Duration)} assembles events on the caller's thread,
 * waiting at most the given time for each whole event, so a stalled stream can never hang the caller, nor can
 * one that sends only comments ({@code : keepalive}): they do not count as an event. An event's data is bounded
 * ({@link #MAX_EVENT_CHARS}), like each line.
 * {@link #close()} cancels the exchange. One consumer thread.
 */
public final class SseConnection implements AutoCloseable {
    /** The most data one event may carry, in characters: as for a line, a bound on what an upstream can make us hold. */
    static final int MAX_EVENT_CHARS = SseLines.MAX_LINE_BYTES;

    private final String provider;
    private final SseLines lines;
    private boolean ended;
    private static final int STRAY_LIMIT = 64 * 1024;
    private final StringBuilder stray = new StringBuilder();

    SseConnection(String provider, SseLines lines) {
        this.provider = provider;
        this.lines = lines;
    }

    /**
     * The next event, or null when the stream ended (check the provider's terminal event to tell a normal end
     * from a truncated one). Waits at most {@code wait} for the whole event: comments and blank lines in
     * between do not restart the wait.
     */
    public SseEvent next(Duration wait) {
        long deadline = System.nanoTime() + Math.max(1, wait.toNanos());
        String event = null;
        String id = null;
        StringBuilder data = null;
        while (true) {
            String line = take(wait, deadline);
            if (line == null) {
                ended = true;
                return data == null ? null : new SseEvent(event, data.toString(), id);
            }
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
                case "data" -> {
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                    if (data.length() > MAX_EVENT_CHARS) {
                        close();
                        throw tooLong("an event's data over " + MAX_EVENT_CHARS + " characters");
                    }
                }
                case "id" -> id = value;
                case "retry" -> {}
                // unknown fields are ignored, as the SSE spec says, but kept aside: Vertex AI ends a failed
                // stream with a bare JSON error body, which reads as lines of unknown fields
                default -> {
                    if (stray.length() < STRAY_LIMIT) { // bounded: a stream nobody asks about must not grow it
                        stray.append(line).append('\n');
                    }
                }
            }
        }
    }

    /**
     * The lines read so far that were no SSE field ({@code event}, {@code data}, {@code id}, {@code retry}) nor a
     * comment, joined by newlines, and forgets them; "" when there were none.
     */
    public String takeStrayText() {
        String text = stray.toString();
        stray.setLength(0);
        return text;
    }

    /** The next line, null at the end; {@code wait} is the event's whole wait, {@code deadline} when it ends. */
    private String take(Duration wait, long deadline) {
        if (ended) {
            return null;
        }
        try {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new TimeoutException();
            }
            return lines.next(Duration.ofNanos(remaining));
        } catch (LineTooLongException e) {
            ended = true;
            close();
            throw tooLong(e.getMessage());
        } catch (TimeoutException | SocketTimeoutException e) {
            close();
            throw new AttemptTimeoutException(provider, wait, null);
        } catch (InterruptedException | ClosedByInterruptException e) {
            close();
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while reading the stream from " + provider, e);
        } catch (IOException e) {
            ended = true;
            close();
            throw HttpTransport.mapFailure(provider, wait, e);
        }
    }

    private MalformedResponseException tooLong(String what) {
        return new MalformedResponseException(
                provider + " sent " + what + " in its event stream; the gateway " + "stopped reading it");
    }

    /** Cancels the exchange and releases the connection. Idempotent, never throws. */
    @Override
    public void close() {
        lines.close();
    }
}
