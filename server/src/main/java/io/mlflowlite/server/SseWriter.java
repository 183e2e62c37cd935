package io.mlflowlite.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events the way OpenAI does ({@code data: <json>\n\n}, ending with {@code data: [DONE]}),
 * flushing each event to the client as it is written: no buffering between the provider and the client. A failed
 * write means the client left, and becomes a {@link ClientGoneException}.
 */
final class SseWriter implements AutoCloseable {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes and flushes one {@code data:} event whose payload is {@code json} (one line). */
    void data(String json) {
        write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes and flushes an event already framed ({@code event: …\ndata: …\n\n}). */
    void raw(byte[] event) {
        write(event);
    }

    void done() {
        write(DONE);
    }

    private void write(byte[] event) {
        try {
            out.write(event);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // whatever the stack throws on a dead socket, only our own bytes were being written
            throw new ClientGoneException(e);
        }
    }

    /** Ends the response body; a client already gone is not an error here. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // nothing left to tell the client
        }
    }
}
