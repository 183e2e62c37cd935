package io.mlflowlite.suggest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SuggestionEngine#suggest} found for one response: the suggestions, most severe first, which
 * mode produced them, and why the mode differs from the one asked for (if it does). Immutable.
 *
 * @param suggestions the findings, most severe first; empty when nothing needs changing
 * @param source      whether the heuristics or the suggestion model produced them
 * @param note        why heuristics were used when the model was asked for (no provider set, the model
 *                    failed, its answer could not be parsed), or empty
 */
public record SuggestionReport(List<Suggestion> suggestions, Source source, Optional<String> note) {

    /** Who produced the suggestions. */
    public enum Source {
        /** The offline heuristics of {@link SuggestionEngine}. */
        HEURISTIC,
        /** The configured suggestion model. */
        LLM
    }

    public SuggestionReport {
        suggestions = List.copyOf(suggestions);
        Objects.requireNonNull(source, "source");
        note = note == null ? Optional.empty() : note;
    }

    /** Whether a suggestion of {@code kind} is in the report. */
    public boolean has(String kind) {
        return suggestions.stream().anyMatch(s -> s.kind().equals(kind));
    }

    /** The suggestion of {@code kind}, when present. */
    public Optional<Suggestion> find(String kind) {
        return suggestions.stream().filter(s -> s.kind().equals(kind)).findFirst();
    }

    /** A header line (count, source, note) followed by each suggestion's block. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append(suggestions.size())
                .append(suggestions.size() == 1 ? " suggestion" : " suggestions")
                .append(" (")
                .append(source == Source.LLM ? "from the suggestion model" : "heuristics")
                .append(")\n");
        note.ifPresent(n -> text.append("note: ").append(n).append('\n'));
        if (suggestions.isEmpty()) {
            text.append("Nothing to change: no check found a problem with this call.\n");
        }
        for (Suggestion s : suggestions) {
            text.append('\n').append(s);
        }
        return text.toString();
    }
}
