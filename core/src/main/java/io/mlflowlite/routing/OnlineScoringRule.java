package io.mlflowlite.routing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One item of the gateway file's {@code online_scoring:} section: which scorers run on which sample of live calls.
 * The gateway kernel only carries it (scorers are evaluation's); {@code mlflowlite serve} builds and attaches the
 * scoring, and re-applies it when the file reloads. An immutable value.
 *
 * <pre>{@code
 * online_scoring:
 *   - scorers: [relevance_to_query, safety]   # names as `mlflowlite eval run --scorers` takes them
 *     sample: 0.1                             # share of calls, chosen by trace id (default 1)
 *     experiment: assistant                   # only this A/B test's calls (optional)
 *     judge_model: mock/pro                   # judges' model (optional)
 *     budget_usd_per_day: 5                   # judge spend cap per UTC day (optional)
 * }</pre>
 *
 * @param scorers          scorer specs, in order, as the CLI's {@code --scorers} spells them; not empty
 * @param sample           share of calls scored, 0 to 1
 * @param experiment       the A/B test or rollout whose calls are scored (trace tag {@code mlflowlite.experiment}),
 *                         or null for every call
 * @param judgeModel       the model of judges that name none, or null for evaluation's default
 * @param budgetUsdPerDay  judge dollars per UTC day at most, or null for no cap
 * @param budgetUsdPerHour judge dollars per UTC hour at most, or null for no cap
 */
public record OnlineScoringRule(
        List<String> scorers,
        double sample,
        String experiment,
        String judgeModel,
        BigDecimal budgetUsdPerDay,
        BigDecimal budgetUsdPerHour) {
    public OnlineScoringRule {
        scorers = List.copyOf(Objects.requireNonNull(scorers, "scorers"));
        if (!(sample >= 0 && sample <= 1)) {
            throw new IllegalArgumentException("sample must be between 0 and 1, was " + sample);
        }
    }
}
