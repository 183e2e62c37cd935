package io.mlflowlite.suggest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * One concrete improvement for a call: what was found, the numbers that show it, and the change to make.
 * Immutable and thread-safe.
 *
 * @param kind     a stable identifier such as {@link #OUTPUT_TRUNCATED}; LLM suggestions may use their own
 * @param severity how much it matters
 * @param title    one line saying what was found
 * @param evidence the concrete numbers from the response and its trace that triggered it
 * @param change   the change to make
 * @param estimatedSavingPer1000Calls what the change saves, in US dollars per 1,000 similar calls, when it can
 *                 be computed from the price table; empty otherwise
 */
public record Suggestion(
        String kind,
        Severity severity,
        String title,
        String evidence,
        String change,
        Optional<BigDecimal> estimatedSavingPer1000Calls) {

    /** The answer stopped at the token limit ({@code finish_reason=length}). */
    public static final String OUTPUT_TRUNCATED = "OUTPUT_TRUNCATED";
    /** A cheaper catalog model with the capabilities the request needs would have done. */
    public static final String CHEAPER_MODEL = "CHEAPER_MODEL";
    /** The call took long for the number of tokens it produced. */
    public static final String SLOW_FOR_TASK = "SLOW_FOR_TASK";
    /** The prompt is far longer than the answer it produced. */
    public static final String PROMPT_TOO_LONG = "PROMPT_TOO_LONG";
    /** The request has no system or developer message. */
    public static final String NO_SYSTEM_PROMPT = "NO_SYSTEM_PROMPT";
    /** The answer repeats itself. */
    public static final String REPEATED_OUTPUT = "REPEATED_OUTPUT";
    /** The prompt asks for JSON but the request does not set {@code response_format}. */
    public static final String JSON_NOT_ENFORCED = "JSON_NOT_ENFORCED";
    /** Attempts failed before the answer: retries or fallbacks happened. */
    public static final String RETRIES_AND_FALLBACKS = "RETRIES_AND_FALLBACKS";
    /** Hidden reasoning tokens are most of what the call cost. */
    public static final String REASONING_DOMINATES = "REASONING_DOMINATES";
    /** A long stable prefix was billed in full: no tokens were read from the prompt cache. */
    public static final String PROMPT_CACHING = "PROMPT_CACHING";

    public Suggestion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(change, "change");
        estimatedSavingPer1000Calls =
                estimatedSavingPer1000Calls == null ? Optional.empty() : estimatedSavingPer1000Calls;
    }

    /** A suggestion without a computed saving. */
    public static Suggestion of(String kind, Severity severity, String title, String evidence, String change) {
        return new Suggestion(kind, severity, title, evidence, change, Optional.empty());
    }

    /** This suggestion with a saving in US dollars per 1,000 similar calls. */
    public Suggestion withSaving(BigDecimal usdPer1000Calls) {
        return new Suggestion(kind, severity, title, evidence, change, Optional.of(usdPer1000Calls));
    }

    /** A readable block: {@code [WARNING] OUTPUT_TRUNCATED: title}, then evidence, change and saving lines. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append('[')
                .append(severity)
                .append("] ")
                .append(kind)
                .append(": ")
                .append(title)
                .append('\n')
                .append("  evidence: ")
                .append(evidence)
                .append('\n')
                .append("  change:   ")
                .append(change)
                .append('\n');
        estimatedSavingPer1000Calls.ifPresent(
                s -> text.append("  saving:   ").append(usd(s)).append(" per 1,000 similar calls\n"));
        return text.toString();
    }

    /** {@code $1.2345}: four decimals, or six under a cent, so small savings still show. */
    static String usd(BigDecimal amount) {
        int scale = amount.abs().compareTo(new BigDecimal("0.01")) >= 0 ? 4 : 6;
        return "$" + amount.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
