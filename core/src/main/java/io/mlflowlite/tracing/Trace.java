package io.mlflowlite.tracing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A recorded call: its summary and its span tree. Immutable. */
public record Trace(TraceInfo info, List<Span> spans) {
    public Trace {
        spans = List.copyOf(spans);
    }

    public String traceId() {
        return info.traceId();
    }

    /** The root span (the one without a parent). */
    public Optional<Span> root() {
        return spans.stream().filter(Span::isRoot).findFirst();
    }

    /** The direct children of {@code spanId}, by start time. */
    public List<Span> children(String spanId) {
        return spans.stream()
                .filter(s -> spanId.equals(s.parentId()))
                .sorted(Comparator.comparingLong(Span::startNanos))
                .toList();
    }

    /** The trace's assessments (feedback, scores), oldest first, as read from the store. */
    public List<Assessment> assessments() {
        return info.assessments();
    }

    /** The same trace with {@code assessments} as its assessments. */
    public Trace withAssessments(List<Assessment> assessments) {
        return new Trace(info.toBuilder().assessments(assessments).build(), spans);
    }

    /**
     * The characters of its spans' text — inputs and outputs as JSON, status messages — what queues holding traces
     * in memory bound besides their count (a recorded trace keeps that text; each string costs one or two bytes a
     * character).
     */
    public long textLength() {
        long chars = 0;
        for (Span span : spans) {
            chars += length(span.inputsJson()) + length(span.outputsJson()) + length(span.statusMessage());
        }
        return chars;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    public long totalTokens() {
        return info.totalTokens();
    }

    public BigDecimal cost() {
        return info.cost();
    }

    /** The span tree as indented text: name, type, duration, status, tokens and cost where recorded. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(info.traceId())
                .append("  ")
                .append(info.state())
                .append("  ")
                .append(info.duration().toMillis())
                .append(" ms  ")
                .append(info.totalTokens())
                .append(" tokens  ")
                .append(io.mlflowlite.chat.Cost.usd(info.cost()))
                .append('\n');
        root().ifPresent(r -> append(text, r, 1));
        for (Assessment a : info.assessments()) {
            text.append("  assessment ").append(a.feedback()).append('\n');
        }
        return text.toString();
    }

    private void append(StringBuilder text, Span span, int depth) {
        text.append("  ".repeat(depth))
                .append(span.name())
                .append(" [")
                .append(span.type())
                .append("] ")
                .append(span.duration().toMillis())
                .append(" ms ")
                .append(span.status());
        span.attribute("gen_ai.usage.input_tokens")
                .ifPresent(t -> text.append(" in=").append(t));
        span.attribute("gen_ai.usage.output_tokens")
                .ifPresent(t -> text.append(" out=").append(t));
        if (span.statusMessage() != null) {
            text.append(" — ").append(span.statusMessage());
        }
        text.append('\n');
        List<Span> kids = new ArrayList<>(children(span.spanId()));
        for (Span child : kids) {
            append(text, child, depth + 1);
        }
    }
}
