package io.mlflowlite.tracing;

import io.mlflowlite.chat.Feedback;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link Feedback} attached to a stored trace (MLflow's assessment): a user's thumbs-up sent to
 * {@code POST /v1/feedback}, a score from online scoring, a reviewer's label. Kept by the {@link TraceStore} apart
 * from the trace itself, so one may arrive before its trace was written. Immutable.
 *
 * @param assessmentId {@code a-} + 32 hex digits; storing an assessment with an id already stored replaces it
 * @param traceId      the trace it is about ({@code tr-…})
 * @param feedback     the name, value, rationale and source
 * @param createdAt    when it was logged
 */
public record Assessment(String assessmentId, String traceId, Feedback feedback, Instant createdAt) {
    private static final HexFormat HEX = HexFormat.of();

    public Assessment {
        requireText(assessmentId, "assessmentId");
        requireText(traceId, "traceId");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(createdAt, "createdAt");
        if (feedback.name().isBlank()) {
            throw new IllegalArgumentException("An assessment needs a name (such as 'thumbs_up' or 'correctness')");
        }
    }

    /** A new assessment of {@code traceId} with a fresh id, logged now. */
    public static Assessment of(String traceId, Feedback feedback) {
        return new Assessment(newId(), traceId, feedback, Instant.now());
    }

    /** {@code a-} + 32 random hex digits. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "a-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }

    /** The assessment's name ({@code thumbs_up}, {@code correctness}). */
    public String name() {
        return feedback.name();
    }

    /** Its value: a Boolean, a Number or a String; null when the scorer skipped or failed. */
    public Object value() {
        return feedback.value();
    }

    /** Who assessed: {@code HUMAN}, {@code HUMAN:<user>}, {@code CODE:<scorer>}, {@code LLM_JUDGE:<model>}. */
    public String source() {
        return feedback.source();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An assessment needs a " + what);
        }
    }
}
