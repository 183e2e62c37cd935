package io.mlflowlite.eval;

/**
 * One assessment of an output: a judge's or a scorer's verdict with its reasoning.
 *
 * @param name      the scorer's name ({@code correctness})
 * @param value     {@code Boolean}, a {@code Number} or a {@code String} ("yes"/"no" verdicts are booleans)
 * @param rationale why; may be empty
 * @param source    who judged: {@code LLM_JUDGE:<model>}, {@code CODE:<scorer>}, {@code HUMAN}
 */
public record Feedback(String name, Object value, String rationale, String source) {
}
