package io.mlflowlite.internal.http;

import java.io.IOException;

/**
 * An event-stream line from a provider longer than {@link SseLines#MAX_LINE_BYTES}: no provider sends one, and
 * buffering it whole would let an upstream (or anything posing as one) exhaust the heap.
 */
final class LineTooLongException extends IOException {
    LineTooLongException() {
        super("an event-stream line longer than " + SseLines.MAX_LINE_BYTES + " bytes");
    }
}
