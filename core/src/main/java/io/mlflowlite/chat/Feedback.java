package io.mlflowlite.chat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One assessment of an output: a judge's or a scorer's verdict with its reasoning (MLflow's {@code Feedback}).
 * A scorer that could not run on a row still leaves a feedback, so every row shows every scorer: one
 * {@link Status#SKIPPED} by design ("skipped: needs expectations.expected_response", not counted in means) or in
 * {@link Status#ERROR} (the scorer threw, the judge answered badly twice; filled by a resume). Immutable.
 *
 * @param name      the assessment's name ({@code correctness}, {@code is_concise})
 * @param value     {@code Boolean}, a {@code Number} or a {@code String} ("yes"/"no" verdicts count as booleans);
 *                  null unless {@link Status#OK}
 * @param rationale why; for a skipped or failed feedback, the reason ({@code skipped: …}, {@code error: …});
 *                  never null, may be empty
 * @param source    who judged: {@code LLM_JUDGE:<model>}, {@code CODE:<scorer>}, {@code HUMAN}
 * @param status    whether a value was produced
 * @param metadata  extra facts: {@value #SCORER} (the scorer that produced it), {@value #SKIP_REASON},
 *                  {@value #OFFLINE} (judged by the offline local judge) …; never null
 */
public record Feedback(
        String name, Object value, String rationale, String source, Status status, Map<String, String> metadata) {

    /** Metadata key: the name of the scorer that produced this feedback (a scorer may return several). */
    public static final String SCORER = "mlflowlite.scorer";
    /** Metadata key of a skipped feedback: {@value #SKIP_NEEDS} or {@value #SKIP_COST_CAP}. */
    public static final String SKIP_REASON = "mlflowlite.skip";
    /** Skipped because the row lacks a field the scorer needs: by design, never rerun by a resume. */
    public static final String SKIP_NEEDS = "needs";
    /** Skipped because the run's judge cost cap was reached: a resume with a higher cap fills it. */
    public static final String SKIP_COST_CAP = "cost_cap";
    /** Metadata key, {@code "true"} when the judge was the offline {@code local/*} judge rather than an LLM. */
    public static final String OFFLINE = "mlflowlite.judge.offline";

    /** Whether a feedback carries a value. */
    public enum Status {
        /** Scored: {@link #value()} is set. */
        OK,
        /** Not scored by design (a missing field) or because the judge cost cap was reached. */
        SKIPPED,
        /** The scorer failed on this row; {@link #rationale()} says why. */
        ERROR
    }

    public Feedback {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        rationale = rationale == null ? "" : rationale;
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (status == Status.OK && value == null) {
            throw new IllegalArgumentException("feedback '" + name + "' is OK but has no value");
        }
        if (status != Status.OK) {
            value = null;
        }
    }

    /** A scored feedback without metadata (the pre-evaluation shape, kept for {@code ChatResponse.scores()}). */
    public Feedback(String name, Object value, String rationale, String source) {
        this(name, value, rationale, source, Status.OK, Map.of());
    }

    /** A scored feedback. */
    public static Feedback of(String name, Object value, String rationale, String source) {
        return new Feedback(name, value, rationale, source);
    }

    /** A value with no rationale; the engine fills in the name and source when they are null. */
    public static Feedback of(Object value) {
        return new Feedback("", value, "", null, Status.OK, Map.of());
    }

    /** A value with a rationale; the engine fills in the name and source when they are blank. */
    public static Feedback of(Object value, String rationale) {
        return new Feedback("", value, rationale, null, Status.OK, Map.of());
    }

    /** Skipped because the row lacks {@code needs} ({@code expectations.expected_response}). */
    public static Feedback skippedNeeds(String name, String source, String needs) {
        return new Feedback(
                name, null, "skipped: needs " + needs, source, Status.SKIPPED, Map.of(SKIP_REASON, SKIP_NEEDS));
    }

    /** Skipped because the run's judge cost cap of {@code capUsd} dollars was reached. */
    public static Feedback skippedCostCap(String name, String source, BigDecimal capUsd) {
        return new Feedback(
                name,
                null,
                "skipped: judge cost cap $" + capUsd.stripTrailingZeros().toPlainString() + " reached",
                source,
                Status.SKIPPED,
                Map.of(SKIP_REASON, SKIP_COST_CAP));
    }

    /** Failed: {@code message} says why ("error: " is prefixed unless present). */
    public static Feedback error(String name, String source, String message) {
        String text = message == null ? "error" : message.startsWith("error") ? message : "error: " + message;
        return new Feedback(name, null, text, source, Status.ERROR, Map.of());
    }

    /** Whether it carries a value. */
    public boolean isOk() {
        return status == Status.OK;
    }

    /** Whether it was skipped (a missing field, or the cost cap). */
    public boolean isSkipped() {
        return status == Status.SKIPPED;
    }

    /** Whether the scorer failed on this row. */
    public boolean isError() {
        return status == Status.ERROR;
    }

    /** The scorer that produced this feedback ({@value #SCORER} metadata), or its name when not recorded. */
    public String scorer() {
        return metadata.getOrDefault(SCORER, name);
    }

    /** Whether a resume should compute this feedback again: errors, and skips caused by the cost cap. */
    public boolean needsRerun() {
        return status == Status.ERROR || (status == Status.SKIPPED && SKIP_COST_CAP.equals(metadata.get(SKIP_REASON)));
    }

    /** The value as a verdict: a Boolean, or a "yes"/"no"/"true"/"false"/"pass"/"fail" string (any case). */
    public Optional<Boolean> asBoolean() {
        return FeedbackValues.asBoolean(value);
    }

    /** The value as a number: a Number, or a numeric string. Booleans are not numbers here. */
    public OptionalDouble asNumber() {
        return FeedbackValues.asNumber(value);
    }

    /** A copy with other metadata entries added (replacing same-named ones). */
    public Feedback withMetadata(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.putAll(more);
        return new Feedback(name, value, rationale, source, status, all);
    }

    /** A copy with another name and source (the engine names feedbacks a scorer left unnamed). */
    public Feedback named(String newName, String newSource) {
        return new Feedback(newName, value, rationale, newSource, status, metadata);
    }

    /** The value for display: {@code yes}, {@code 0.83}, {@code skipped}, {@code error}. */
    public String display() {
        return switch (status) {
            case SKIPPED -> "skipped";
            case ERROR -> "error";
            case OK -> FeedbackValues.display(value);
        };
    }

    @Override
    public String toString() {
        return name + "=" + display() + (rationale.isEmpty() ? "" : " (" + rationale + ")")
                + (source == null ? "" : " [" + source + "]");
    }
}
