package io.mlflowlite.migrate;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Requirement;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.ScorerInput;
import io.mlflowlite.eval.Scorers;
import java.util.List;
import java.util.Map;

/**
 * {@code task}: each row checked exactly by what its expectations hold, so one dataset may mix tasks — a JSON
 * extraction ({@code expected_json}: {@code json_field_match}), a label among {@code inputs.labels}
 * ({@code label_match}), key facts ({@code expected_facts}: {@code key_facts}), a number ({@code numeric_match}),
 * else the expected answer within the output ({@code contains_expected}). The feedback carries the check's name,
 * so a comparison reports each kind of task apart (a regression on labels does not hide among the numbers). Rows
 * without expectations are skipped. Stateless and thread-safe.
 */
public final class TaskScorer implements Scorer {
    /** The scorer's name in {@code --scorers}. */
    public static final String NAME = "task";

    private static final Scorer JSON = Scorers.jsonFieldMatch();
    private static final Scorer LABEL = Scorers.labelMatch();
    private static final Scorer FACTS = Scorers.keyFacts();
    private static final Scorer NUMBER = Scorers.numericMatch();
    private static final Scorer CONTAINS = Scorers.containsExpected();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.OUTPUTS);
    }

    @Override
    public List<Feedback> score(ScorerInput input) {
        Scorer check = check(input.inputs(), input.expectations());
        if (check == null) {
            return List.of(Feedback.skippedNeeds(NAME, "CODE:" + NAME, "expectations"));
        }
        return check.score(input);
    }

    /** The check for a row, or null when it has no expectation to check. */
    static Scorer check(Map<String, Object> inputs, Map<String, Object> expectations) {
        if (expectations.containsKey("expected_json")) {
            return JSON;
        }
        Object expected = expectations.get(EvalRow.EXPECTED_RESPONSE);
        if (inputs.get("labels") instanceof List<?> && expected != null) {
            return LABEL;
        }
        if (expectations.containsKey(EvalRow.EXPECTED_FACTS)) {
            return FACTS;
        }
        if (expected == null) {
            return null;
        }
        return String.valueOf(expected).strip().matches("-?[0-9][0-9,]*(\\.[0-9]+)?") ? NUMBER : CONTAINS;
    }
}
