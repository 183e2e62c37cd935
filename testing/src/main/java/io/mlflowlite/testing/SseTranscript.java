package io.mlflowlite.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits a raw server-sent-events transcript into its events, keeping every byte. */
final class SseTranscript {

    // An event ends at a blank line; SSE allows CRLF, LF and CR line endings.
    private static final Pattern AFTER_BLANK_LINE = Pattern.compile("(?<=\r\n\r\n|\n\n|\r\r)");

    private SseTranscript() {}

    /**
     * Returns the events of {@code transcript}, each with its terminating blank line, so that concatenating them
     * gives back the transcript exactly. Extra blank lines stay with the event before them; text after the last
     * blank line is a final, unterminated event.
     */
    static List<String> split(String transcript) {
        List<String> events = new ArrayList<>();
        for (String piece : AFTER_BLANK_LINE.split(transcript)) {
            boolean onlyLineBreaks = piece.chars().allMatch(c -> c == '\r' || c == '\n');
            if (onlyLineBreaks && !events.isEmpty()) {
                events.set(events.size() - 1, events.getLast() + piece);
            } else if (!piece.isEmpty()) {
                events.add(piece);
            }
        }
        return List.copyOf(events);
    }
}
