package io.mlflowlite.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One labelled row of a judging set ({@link JudgingSet}): a response, the row fields a judge reads, and the
 * verdict a careful human gives it. Immutable.
 *
 * @param id           unique within its set, e.g. {@code faith-012}
 * @param judge        our judge name ({@link JudgePrompt#BUILTIN_JUDGES}); aliases are resolved on reading
 * @param kind         the kind of case, e.g. {@code echo}, {@code grounded_paraphrase}, {@code hallucination}
 * @param split        {@value JudgingSet#DEV} (tune on it) or {@value JudgingSet#HELDOUT} (only report it)
 * @param inputs       the row's inputs ({@code question})
 * @param expectations the row's expectations: {@code context}, {@code expected_response}, {@code expected_facts},
 *                     {@code guidelines}, as the judge needs
 * @param response     the output being judged
 * @param expectedYes  the correct verdict: true for "yes" (relevant, faithful, concise, safe, follows, correct)
 */
public record JudgingCase(
        String id,
        String judge,
        String kind,
        String split,
        Map<String, Object> inputs,
        Map<String, Object> expectations,
        String response,
        boolean expectedYes) {

    public JudgingCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(response, "response");
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        expectations = expectations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
    }

    /** The verdict as the judges spell it. */
    public String expectedVerdict() {
        return expectedYes ? "yes" : "no";
    }
}
