package io.mlflowlite.tracing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Opens spans around your own code so application steps nest with the LLM calls made inside them: a call
 * through the gateway while a span is open on the same thread becomes its child. Spans go to
 * {@link Tracing#global()}. Thread-safe; the "current span" is per thread.
 *
 * <pre>{@code
 * String answer = Tracer.span("answer_question", SpanType.CHAIN, () -> {
 *     List<String> docs = Tracer.span("retrieve", SpanType.RETRIEVER, () -> index.search(q));
 *     return Mlflowlite.query("gpt-4o", "Answer from: " + docs + "\n\n" + q).content();
 * });
 * }</pre>
 */
public final class Tracer {
    private static final ThreadLocal<Deque<ActiveSpan>> CURRENT = ThreadLocal.withInitial(ArrayDeque::new);

    private Tracer() {}

    /**
     * Starts a span as a child of this thread's current span (or as the root of a new trace) and makes it
     * current until closed. Use with try-with-resources.
     */
    public static ActiveSpan start(String name, SpanType type) {
        return start(Tracing.global(), name, type);
    }

    /**
     * Like {@link #start(String, SpanType)}, recording to {@code tracing} when the span starts a new trace (a child
     * joins its parent's trace wherever that goes): for code that traces through a gateway's own
     * {@link io.mlflowlite.gateway.Gateway#tracing()} rather than the global one.
     */
    public static ActiveSpan start(Tracing tracing, String name, SpanType type) {
        ActiveSpan span = tracing.startSpan(name, type, current().orElse(null));
        CURRENT.get().push(span);
        return span;
    }

    /** Runs {@code body} in a span; its result becomes the span's outputs, its exception the span's error. */
    public static <T> T span(String name, SpanType type, Callable<T> body) {
        try (ActiveSpan span = start(name, type)) {
            try {
                T result = body.call();
                span.setOutputs(result);
                return result;
            } catch (RuntimeException e) {
                span.recordError(e);
                throw e;
            } catch (Exception e) {
                span.recordError(e);
                throw new IllegalStateException(e);
            }
        }
    }

    /** Runs {@code body} in a span. */
    public static void span(String name, SpanType type, Runnable body) {
        span(name, type, () -> {
            body.run();
            return null;
        });
    }

    /** This thread's innermost open span. */
    public static Optional<ActiveSpan> current() {
        return Optional.ofNullable(CURRENT.get().peek());
    }

    /** Sets the end user, session and tags of the current trace (MLflow's update_current_trace). */
    public static void updateCurrentTrace(String user, String session, Map<String, String> tags) {
        current().ifPresent(span -> {
            if (user != null) {
                span.trace().user(user);
            }
            if (session != null) {
                span.trace().session(session);
            }
            tags.forEach(span.trace()::tag);
        });
    }

    static void forget(ActiveSpan span) {
        Deque<ActiveSpan> stack = CURRENT.get();
        stack.remove(span);
        if (stack.isEmpty()) {
            CURRENT.remove();
        }
    }
}
