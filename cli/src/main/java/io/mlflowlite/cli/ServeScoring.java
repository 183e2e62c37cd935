package io.mlflowlite.cli;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.eval.Guidelines;
import io.mlflowlite.eval.Requirement;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.ScoringContext;
import io.mlflowlite.experiments.scoring.OnlineScoring;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.routing.OnlineScoringRule;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceSink;
import io.mlflowlite.tracing.TraceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The online scoring of {@code mlflowlite serve}: the gateway file's {@code online_scoring:} rules, each an
 * {@link OnlineScoring} judging through the served gateway and attaching its scores to the traces of the
 * gateway's store. One sink on the gateway's tracing that forwards each finished call to the rules in force;
 * {@link #apply} swaps them when the file reloads (the old ones finish what they queued). Scorer names are checked
 * here, with their paths: unknown names, and scorers that need expected answers live traffic does not have.
 * Thread-safe.
 */
final class ServeScoring implements TraceSink {
    private static final Logger LOG = Logger.getLogger(ServeScoring.class.getName());

    private final Gateway gateway;
    private final TraceStore store;
    private final AtomicReference<List<OnlineScoring>> active = new AtomicReference<>(List.of());
    private final AtomicReference<List<OnlineScoringRule>> rules = new AtomicReference<>(List.of());

    private ServeScoring(Gateway gateway, TraceStore store) {
        this.gateway = gateway;
        this.store = store;
    }

    /**
     * Starts the rules of {@code gateway}'s configuration, and returns the sink that runs them (added to the
     * gateway's tracing, also when there are no rules yet, so a reload can add some), or null when tracing has no
     * store and there are no rules.
     *
     * @throws ConfigurationException listing every scorer problem with its path, or when there are rules but no
     *     trace store
     */
    static ServeScoring start(Gateway gateway) {
        List<OnlineScoringRule> configured = gateway.routing().onlineScoring();
        TraceStore store = gateway.tracing().store().orElse(null);
        if (store == null) {
            if (configured.isEmpty()) {
                return null;
            }
            throw new ConfigurationException("online_scoring: attaches scores to traces, but tracing has no store "
                    + "(tracing off?); set MLFLOWLITE_STORE, or remove online_scoring:");
        }
        ServeScoring scoring = new ServeScoring(gateway, store);
        scoring.apply(configured);
        gateway.tracing().addSink(scoring);
        return scoring;
    }

    /**
     * Replaces the rules in force with {@code next} (unchanged rules keep running with their counters and
     * budgets).
     *
     * @throws ConfigurationException listing every scorer problem; the rules in force stay
     */
    void apply(List<OnlineScoringRule> next) {
        if (next.equals(rules.get())) {
            return;
        }
        List<String> problems = new ArrayList<>();
        List<List<Scorer>> scorers = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            scorers.add(scorers(next.get(i), "online_scoring[" + i + "]", problems));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Online scoring is not valid:\n  " + String.join("\n  ", problems));
        }
        List<OnlineScoring> started = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            OnlineScoringRule rule = next.get(i);
            OnlineScoring.Builder builder = OnlineScoring.builder()
                    .scorers(scorers.get(i))
                    .sampleRate(rule.sample())
                    .judgeModel(rule.judgeModel())
                    .maxJudgeUsdPerDay(rule.budgetUsdPerDay())
                    .maxJudgeUsdPerHour(rule.budgetUsdPerHour());
            if (rule.experiment() != null) {
                builder.experiment(rule.experiment());
            }
            started.add(builder.build(store, ScoringContext.direct(gateway, rule.judgeModel())));
        }
        rules.set(List.copyOf(next));
        List<OnlineScoring> old = active.getAndSet(List.copyOf(started));
        old.forEach(OnlineScoring::close);
    }

    /**
     * The scorers {@code rule} names, or an empty list after adding its problems. A scorer that needs
     * expectations is refused: there is no expected answer in live traffic.
     */
    static List<Scorer> scorers(OnlineScoringRule rule, String path, List<String> problems) {
        List<Scorer> built = new ArrayList<>();
        for (int j = 0; j < rule.scorers().size(); j++) {
            String spec = rule.scorers().get(j).strip();
            String at = path + ".scorers[" + j + "]";
            Scorer scorer;
            try {
                scorer = ScorerSpecs.parse(spec);
            } catch (IllegalArgumentException e) {
                problems.add(at + ": " + e.getMessage());
                continue;
            }
            if (needsExpectations(scorer)) {
                problems.add(at + ": '" + spec + "' compares with an expected answer, which live traffic does not "
                        + "have" + (scorer instanceof Guidelines ? "; give the guideline text: guidelines:TEXT" : "")
                        + "; online, use reference-free scorers: relevance_to_query, safety, guidelines:TEXT, "
                        + "conciseness, contains:TEXT, regex:PATTERN, json_valid, latency, cost, token_count");
                continue;
            }
            built.add(scorer);
        }
        return built;
    }

    /** Whether {@code scorer} has a requirement only expectations can meet. */
    static boolean needsExpectations(Scorer scorer) {
        for (Requirement requirement : scorer.requirements()) {
            if (requirement.anyOf().stream().allMatch(p -> p.startsWith("expectations"))) {
                return true;
            }
        }
        return false;
    }

    /** The rules in force. */
    List<OnlineScoringRule> rules() {
        return rules.get();
    }

    @Override
    public void accept(Trace trace) {
        for (OnlineScoring scoring : active.get()) {
            scoring.accept(trace);
        }
    }

    @Override
    public void flush(Duration timeout) {
        for (OnlineScoring scoring : active.get()) {
            scoring.flush(timeout);
        }
    }

    @Override
    public void close() {
        List<OnlineScoring> old = active.getAndSet(List.of());
        for (OnlineScoring scoring : old) {
            try {
                scoring.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing online scoring failed", e);
            }
        }
    }
}
