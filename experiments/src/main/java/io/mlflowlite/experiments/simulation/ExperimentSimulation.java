package io.mlflowlite.experiments.simulation;

import io.mlflowlite.experiments.ab.Assignment;
import io.mlflowlite.experiments.ab.CostGate;
import io.mlflowlite.experiments.ab.ErrorRateGate;
import io.mlflowlite.experiments.ab.GateEvaluator;
import io.mlflowlite.experiments.ab.LatencyGate;
import io.mlflowlite.experiments.ab.Metric;
import io.mlflowlite.experiments.ab.Observation;
import io.mlflowlite.experiments.ab.QualityGate;
import io.mlflowlite.experiments.ab.RolloutAction;
import io.mlflowlite.experiments.ab.RolloutDecision;
import io.mlflowlite.experiments.ab.RolloutPlan;
import io.mlflowlite.experiments.ab.Score;
import io.mlflowlite.experiments.ab.Variant;
import io.mlflowlite.experiments.ab.VariantMetrics;
import io.mlflowlite.experiments.stats.Comparison;
import io.mlflowlite.experiments.stats.SequentialTest;
import io.mlflowlite.experiments.stats.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated A/B tests and rollouts with known truth, driven through the real assignment, metrics and statistics:
 * A/A tests monitored after every batch (false-positive rate), a true five-point quality drop (power at the
 * predicted sample size), and rollouts of a good, a slow and a subtly worse candidate through a five-stage plan.
 * Every scenario is seeded; the same sizes and seed give the same numbers on any machine. Stateless.
 */
public final class ExperimentSimulation {
    /** The quality score the simulated judge records (pass/fail). */
    public static final String SCORE = "correct";

    /** Users arrive in batches of this size; the results are read after every batch. */
    public static final int BATCH = 100;

    /** Users per A/A experiment (so 30 reads). */
    public static final int AA_USERS = 3000;

    /** The pass rate of control (and of both arms in the A/A test). */
    public static final double PASS_RATE = 0.80;

    /** The candidate's pass rate in the power scenario: a five-point drop. */
    public static final double DROPPED_PASS_RATE = 0.75;

    /** The effect of interest for the pass rate (τ = 0.05). */
    public static final double PASS_RATE_EFFECT = 0.05;

    /** Latency: lognormal with this median (ms) and log-sd. */
    static final double LATENCY_MEDIAN_MS = 800;

    static final double LATENCY_SIGMA = 0.6;

    private static final double LATENCY_MEAN_MS = LATENCY_MEDIAN_MS * Math.exp(LATENCY_SIGMA * LATENCY_SIGMA / 2);

    private ExperimentSimulation() {}

    /** How many simulated experiments each scenario runs. */
    public record Scale(int aaExperiments, int powerExperiments, int rollouts) {
        /** The full suite ({@code bench/run experiments}). */
        public static final Scale FULL = new Scale(2000, 1000, 200);

        /** A quick version for unit tests. */
        public static final Scale QUICK = new Scale(200, 100, 12);
    }

    /** Every scenario at {@code scale}. */
    public static List<ScenarioResult> runAll(Scale scale, long seed) {
        List<ScenarioResult> results = new ArrayList<>();
        results.addAll(aaPassRate(scale.aaExperiments(), seed));
        results.addAll(aaLatency(scale.aaExperiments(), seed + 1));
        results.addAll(aaErrorRate(scale.aaExperiments(), seed + 6));
        results.add(powerQualityDrop(scale.powerExperiments(), seed + 2));
        results.add(powerLatencyRegression(scale.powerExperiments(), seed + 8));
        results.add(rolloutGood(scale.rollouts(), seed + 3));
        results.add(rolloutSlow(scale.rollouts(), seed + 4));
        results.add(rolloutErrorSpike(scale.rollouts(), seed + 7));
        results.add(rolloutSubtlyWorse(scale.rollouts(), seed + 5));
        return results;
    }

    // ---------------------------------------------------------------- A/A and power

    /** Draws one observation of an arm. */
    @FunctionalInterface
    interface Arm {
        Observation draw(SplittableRandom random);
    }

    static Observation call(
            SplittableRandom r, double passRate, double latencyMedianMs, double errorRate, double cost) {
        double latency = latencyMedianMs * Math.exp(LATENCY_SIGMA * r.nextGaussian());
        boolean error = r.nextDouble() < errorRate;
        double c = cost * (0.5 + r.nextDouble());
        long in = 200L + r.nextInt(300);
        long out = 50L + r.nextInt(200);
        return new Observation(latency, c, in, out, error, false, Map.of(SCORE, Score.pass(r.nextDouble() < passRate)));
    }

    /** The outcome of one monitored experiment. */
    record Monitored(boolean sequentialDecided, Verdict firstVerdict, long decidedAtUsers, boolean fixedDecided) {}

    /**
     * Runs one experiment: {@code users} users (keys {@code user-i}) hashed into control/candidate 50/50 under
     * {@code salt}, read after every {@link #BATCH} users (and at the end); stops at the first verdict.
     */
    static Monitored monitor(
            String salt, int users, Arm control, Arm candidate, Metric metric, SequentialTest test, long seed) {
        Assignment assignment =
                Assignment.of(salt, List.of(new Variant("candidate", 5000), new Variant("control", 5000)));
        SplittableRandom random = new SplittableRandom(seed);
        VariantMetrics a = new VariantMetrics();
        VariantMetrics b = new VariantMetrics();
        boolean fixedDecided = false;
        for (int i = 1; i <= users; i++) {
            if (assignment.assign("user-" + i).equals("control")) {
                a.record(control.draw(random));
            } else {
                b.record(candidate.draw(random));
            }
            if (i % BATCH == 0 || i == users) {
                Comparison c = metric.compare(a, b, test);
                fixedDecided |= !c.fixedHorizonInterval().contains(0);
                if (c.verdict() != Verdict.NO_DIFFERENCE_YET) {
                    return new Monitored(true, c.verdict(), i, true);
                }
            }
        }
        return new Monitored(false, Verdict.NO_DIFFERENCE_YET, users, fixedDecided);
    }

    /** A/A on the pass rate (0.80 both): the always-valid and the fixed-horizon false-positive rates under peeking. */
    public static List<ScenarioResult> aaPassRate(int experiments, long seed) {
        Arm arm = r -> call(r, PASS_RATE, LATENCY_MEDIAN_MS, 0.01, 0.002);
        return aa(
                "A/A pass rate 0.80",
                arm,
                Metric.score(SCORE),
                SequentialTest.forEffect(PASS_RATE_EFFECT),
                experiments,
                seed);
    }

    /** A/A on mean latency (lognormal, median 800 ms, log-sd 0.6): false-positive rates under peeking. */
    public static List<ScenarioResult> aaLatency(int experiments, long seed) {
        Arm arm = r -> call(r, PASS_RATE, LATENCY_MEDIAN_MS, 0.01, 0.002);
        return aa(
                "A/A mean latency (lognormal)",
                arm,
                Metric.latencyMs(),
                SequentialTest.forEffect(0.1 * LATENCY_MEAN_MS),
                experiments,
                seed);
    }

    /**
     * A/A on a rare proportion, the error rate at 1 % (where normal approximations are weakest), over {@link
     * #AA_RARE_USERS} users: false-positive rates under peeking.
     */
    public static List<ScenarioResult> aaErrorRate(int experiments, long seed) {
        Arm arm = r -> call(r, PASS_RATE, LATENCY_MEDIAN_MS, 0.01, 0.002);
        return aa(
                "A/A error rate 0.01",
                arm,
                Metric.errorRate(),
                SequentialTest.forEffect(0.005),
                AA_RARE_USERS,
                experiments,
                seed);
    }

    /** Users per A/A experiment on the 1 % error rate (so 50 reads). */
    public static final int AA_RARE_USERS = 5000;

    private static List<ScenarioResult> aa(
            String name, Arm arm, Metric metric, SequentialTest test, int experiments, long seed) {
        return aa(name, arm, metric, test, AA_USERS, experiments, seed);
    }

    private static List<ScenarioResult> aa(
            String name, Arm arm, Metric metric, SequentialTest test, int users, int experiments, long seed) {
        int sequential = 0;
        int fixed = 0;
        for (int e = 0; e < experiments; e++) {
            Monitored m = monitor("aa-" + seed + "-" + e, users, arm, arm, metric, test, seed * 1_000_003L + e);
            if (m.sequentialDecided()) {
                sequential++;
            }
            if (m.fixedDecided()) {
                fixed++;
            }
        }
        String peeks = "read after every " + BATCH + " users up to " + users + " (" + (users / BATCH) + " reads)";
        double rate = (double) sequential / experiments;
        return List.of(
                new ScenarioResult(
                        name + ": always-valid, any WINNER/HARM",
                        experiments,
                        rate,
                        "<= 0.05",
                        rate <= 0.05,
                        sequential + " false positives; " + peeks),
                new ScenarioResult(
                        name + ": fixed-horizon z interval under the same peeking",
                        experiments,
                        (double) fixed / experiments,
                        "(contrast)",
                        null,
                        fixed + " false positives: why a fixed-horizon interval must be read once"));
    }

    /**
     * A true drop of the pass rate from 0.80 to 0.75: the share of experiments that declare HARM by the time each
     * arm reaches the sample size {@link SequentialTest#sampleSizePerArm(double, double)} predicts.
     */
    public static ScenarioResult powerQualityDrop(int experiments, long seed) {
        SequentialTest test = SequentialTest.forEffect(PASS_RATE_EFFECT);
        long perArm = test.sampleSizePerArm(PASS_RATE, DROPPED_PASS_RATE);
        int users = (int) (2 * perArm);
        Arm control = r -> call(r, PASS_RATE, LATENCY_MEDIAN_MS, 0.01, 0.002);
        Arm candidate = r -> call(r, DROPPED_PASS_RATE, LATENCY_MEDIAN_MS, 0.01, 0.002);
        int harm = 0;
        int wrong = 0;
        long[] at = new long[experiments];
        int decided = 0;
        for (int e = 0; e < experiments; e++) {
            Monitored m = monitor(
                    "power-" + seed + "-" + e,
                    users,
                    control,
                    candidate,
                    Metric.score(SCORE),
                    test,
                    seed * 1_000_003L + e);
            if (m.firstVerdict() == Verdict.HARM) {
                harm++;
                at[decided++] = m.decidedAtUsers();
            } else if (m.firstVerdict() == Verdict.WINNER) {
                wrong++;
            }
        }
        long[] sorted = Arrays.copyOf(at, decided);
        Arrays.sort(sorted);
        double rate = (double) harm / experiments;
        long fixedN = io.mlflowlite.experiments.stats.FixedHorizon.sampleSizePerArm(
                PASS_RATE * (1 - PASS_RATE) + DROPPED_PASS_RATE * (1 - DROPPED_PASS_RATE), PASS_RATE_EFFECT, 0.05, 0.8);
        return new ScenarioResult(
                "pass rate 0.80 -> 0.75: HARM by the predicted " + perArm + " users per arm",
                experiments,
                rate,
                ">= 0.80",
                rate >= 0.80,
                harm + " detected (median at " + (decided == 0 ? "n/a" : sorted[decided / 2] / 2) + " users per arm), "
                        + wrong + " wrong-way verdicts; fixed-horizon would need " + fixedN + " per arm read once");
    }

    /**
     * Mean latency 10 % higher in the candidate (lognormal, median 800 → 880 ms): the share of experiments that
     * declare HARM by the sample size {@link SequentialTest#sampleSizePerArm(double, double, double, double)}
     * predicts from the two arms' per-call variances.
     */
    public static ScenarioResult powerLatencyRegression(int experiments, long seed) {
        double effect = 0.1 * LATENCY_MEAN_MS;
        SequentialTest test = SequentialTest.forEffect(effect);
        double controlVariance = LATENCY_MEAN_MS * LATENCY_MEAN_MS * Math.expm1(LATENCY_SIGMA * LATENCY_SIGMA);
        long perArm = test.sampleSizePerArm(controlVariance, 1.21 * controlVariance, effect, 0.8);
        int users = (int) (2 * perArm);
        Arm control = r -> call(r, PASS_RATE, LATENCY_MEDIAN_MS, 0.01, 0.002);
        Arm candidate = r -> call(r, PASS_RATE, 1.1 * LATENCY_MEDIAN_MS, 0.01, 0.002);
        int harm = 0;
        int wrong = 0;
        List<Long> at = new ArrayList<>();
        for (int e = 0; e < experiments; e++) {
            Monitored m = monitor(
                    "power-latency-" + seed + "-" + e,
                    users,
                    control,
                    candidate,
                    Metric.latencyMs(),
                    test,
                    seed * 1_000_003L + e);
            if (m.firstVerdict() == Verdict.HARM) {
                harm++;
                at.add(m.decidedAtUsers() / 2);
            } else if (m.firstVerdict() == Verdict.WINNER) {
                wrong++;
            }
        }
        double rate = (double) harm / experiments;
        return new ScenarioResult(
                "mean latency +10 % (lognormal): HARM by the predicted " + perArm + " users per arm",
                experiments,
                rate,
                ">= 0.80",
                rate >= 0.80,
                harm + " detected (median at " + median(at) + " users per arm), " + wrong + " wrong-way verdicts");
    }

    // ---------------------------------------------------------------- rollouts

    /** Requests per simulated second in the rollout scenarios. */
    static final int RATE_PER_SECOND = 50;

    /** The rollout controller evaluates the gates every minute. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** The longest a simulated rollout runs. */
    static final Duration HORIZON = Duration.ofHours(8);

    /** The plan of the rollout scenarios. */
    public static RolloutPlan rolloutPlan() {
        return RolloutPlan.percent(
                List.of(1.0, 5.0, 25.0, 50.0, 100.0),
                List.of(
                        new QualityGate(SCORE, 0.05),
                        new LatencyGate(2500, 0.25, 200),
                        new ErrorRateGate(0.02),
                        new CostGate(0.004)),
                500,
                Duration.ofMinutes(10));
    }

    /** The outcome of one simulated rollout. */
    record Rollout(RolloutAction end, int stage, Duration elapsedInStage, long candidateCallsInStage, Duration total) {}

    static Rollout rollout(String salt, Arm control, Arm candidate, long seed) {
        RolloutPlan plan = rolloutPlan();
        GateEvaluator evaluator = new GateEvaluator(plan);
        SplittableRandom random = new SplittableRandom(seed);
        int stage = 0;
        Assignment assignment = plan.assignment(salt, "candidate", "control", stage);
        VariantMetrics a = new VariantMetrics();
        VariantMetrics b = new VariantMetrics();
        Duration inStage = Duration.ZERO;
        Duration total = Duration.ZERO;
        long request = 0;
        long perWindow = RATE_PER_SECOND * WINDOW.toSeconds();
        while (total.compareTo(HORIZON) < 0) {
            for (long i = 0; i < perWindow; i++) {
                if (assignment.assign("req-" + request++).equals("control")) {
                    a.record(control.draw(random));
                } else {
                    b.record(candidate.draw(random));
                }
            }
            inStage = inStage.plus(WINDOW);
            total = total.plus(WINDOW);
            RolloutDecision d = evaluator.evaluate(stage, a, b, inStage);
            switch (d.action()) {
                case ROLLBACK, COMPLETE -> {
                    return new Rollout(d.action(), stage, inStage, b.count(), total);
                }
                case ADVANCE -> {
                    stage++;
                    assignment = plan.assignment(salt, "candidate", "control", stage);
                    a = new VariantMetrics();
                    b = new VariantMetrics();
                    inStage = Duration.ZERO;
                }
                case HOLD -> {}
            }
        }
        return new Rollout(RolloutAction.HOLD, stage, inStage, b.count(), total);
    }

    private static final Arm CONTROL = r -> call(r, PASS_RATE, LATENCY_MEDIAN_MS, 0.005, 0.002);

    /** A good candidate (same quality, faster, cheaper): the share that completes all five stages. */
    public static ScenarioResult rolloutGood(int runs, long seed) {
        Arm good = r -> call(r, PASS_RATE, 700, 0.005, 0.0015);
        int complete = 0;
        int rolledBack = 0;
        List<Long> minutes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Rollout r = rollout("good-" + seed + "-" + i, CONTROL, good, seed * 1_000_003L + i);
            if (r.end() == RolloutAction.COMPLETE) {
                complete++;
                minutes.add(r.total().toMinutes());
            } else if (r.end() == RolloutAction.ROLLBACK) {
                rolledBack++;
            }
        }
        double rate = (double) complete / runs;
        return new ScenarioResult(
                "rollout, good candidate: COMPLETE through 1/5/25/50/100 %",
                runs,
                rate,
                ">= 0.95",
                rate >= 0.95,
                complete + " completed (median " + median(minutes) + " simulated min at " + RATE_PER_SECOND
                        + " req/s), " + rolledBack + " rolled back, rest still holding after " + HORIZON.toHours()
                        + " h");
    }

    /**
     * A candidate whose p95 latency is far over the ceiling (median 2.4 s, p95 about 6.4 s, against a 2.5 s p95
     * ceiling): the share rolled back at the first stage before its minimum time and samples for an advance had
     * elapsed.
     */
    public static ScenarioResult rolloutSlow(int runs, long seed) {
        return fastRollback(
                "rollout, p95 latency regression: ROLLBACK at 1 % before min time/samples",
                "slow", r -> call(r, PASS_RATE, 2400, 0.005, 0.002), runs, seed);
    }

    /** A candidate failing 15 % of calls against a 2 % ceiling: the share rolled back in time, as above. */
    public static ScenarioResult rolloutErrorSpike(int runs, long seed) {
        return fastRollback(
                "rollout, error rate 15 % (ceiling 2 %): ROLLBACK at 1 % before min time/samples",
                "errors", r -> call(r, PASS_RATE, 700, 0.15, 0.0015), runs, seed);
    }

    private static ScenarioResult fastRollback(String name, String salt, Arm candidate, int runs, long seed) {
        RolloutPlan plan = rolloutPlan();
        int fast = 0;
        int firstWindow = 0;
        List<Long> seconds = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Rollout r = rollout(salt + "-" + seed + "-" + i, CONTROL, candidate, seed * 1_000_003L + i);
            if (r.end() == RolloutAction.ROLLBACK
                    && r.stage() == 0
                    && r.elapsedInStage().compareTo(plan.minTimePerStage()) < 0
                    && r.candidateCallsInStage() < plan.minSamplesPerStage()) {
                fast++;
                if (r.elapsedInStage().equals(WINDOW)) {
                    firstWindow++;
                }
            }
            seconds.add(r.total().toSeconds());
            calls.add(r.candidateCallsInStage());
        }
        double rate = (double) fast / runs;
        return new ScenarioResult(
                name,
                runs,
                rate,
                ">= 0.95",
                rate >= 0.95,
                fast + " rolled back in time, " + firstWindow + " at the first evaluation (after "
                        + WINDOW.toSeconds() + " s); median " + median(seconds) + " s and " + median(calls)
                        + " candidate calls (advance needs "
                        + plan.minTimePerStage().toMinutes() + " min and "
                        + plan.minSamplesPerStage() + ")");
    }

    /** A candidate 8 points worse on quality (0.72 against 0.80, margin 0.05): the share that never completes. */
    public static ScenarioResult rolloutSubtlyWorse(int runs, long seed) {
        Arm worse = r -> call(r, 0.72, 700, 0.005, 0.0015);
        int notComplete = 0;
        int rolledBack = 0;
        int beyondFirst = 0;
        for (int i = 0; i < runs; i++) {
            Rollout r = rollout("worse-" + seed + "-" + i, CONTROL, worse, seed * 1_000_003L + i);
            if (r.end() != RolloutAction.COMPLETE) {
                notComplete++;
            }
            if (r.end() == RolloutAction.ROLLBACK) {
                rolledBack++;
            }
            if (r.stage() > 0) {
                beyondFirst++;
            }
        }
        double rate = (double) notComplete / runs;
        return new ScenarioResult(
                "rollout, quality 0.80 -> 0.72 (margin 0.05): never COMPLETE",
                runs,
                rate,
                ">= 0.95",
                rate >= 0.95,
                rolledBack + " rolled back, " + (notComplete - rolledBack) + " holding after " + HORIZON.toHours()
                        + " h; " + beyondFirst + " got past the 1 % stage");
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** The results as a Markdown table. */
    public static String table(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder(
                "| scenario | experiments | rate | target | result | measured |\n| --- | --- | --- | --- | --- | --- |\n");
        for (ScenarioResult r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.3f | %s | %s | %s |%n",
                    r.scenario(),
                    r.experiments(),
                    r.rate(),
                    r.target(),
                    r.pass() == null ? "info" : r.pass() ? "PASS" : "FAIL",
                    r.detail()));
        }
        return out.toString();
    }
}
