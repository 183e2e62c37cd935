package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.gateway.Gateway;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * How far a judge model agrees with people: runs the built-in judges on a labelled {@link JudgingSet} through a
 * gateway, exactly as an evaluation would (same instructions, same prompt, same parsing), and counts per judge
 * the accuracy and Cohen's kappa against the labels, on the whole set and on its dev and held-out splits, and per
 * kind of case. A judge call that errors counts as a disagreement (and is counted apart).
 *
 * <pre>{@code
 * JudgeAgreement.Report report = JudgeAgreement.run(JudgingSet.bundled(), gateway, "local/judge");
 * System.out.println(report.toTable());
 * }</pre>
 */
public final class JudgeAgreement {
    private JudgeAgreement() {}

    /**
     * A 2×2 confusion matrix of labels (expected) against verdicts (judged).
     *
     * @param yesYes expected yes, judged yes
     * @param yesNo  expected yes, judged no
     * @param noYes  expected no, judged yes
     * @param noNo   expected no, judged no
     */
    public record Counts(int yesYes, int yesNo, int noYes, int noNo) {
        public Counts {
            if (yesYes < 0 || yesNo < 0 || noYes < 0 || noNo < 0) {
                throw new IllegalArgumentException("counts are never negative");
            }
        }

        /** The counts of {@code outcomes}; an error counts as the verdict opposite to the label. */
        public static Counts of(List<Outcome> outcomes) {
            int yy = 0, yn = 0, ny = 0, nn = 0;
            for (Outcome o : outcomes) {
                boolean judged = o.judgedYes().orElse(!o.expectedYes());
                if (o.expectedYes()) {
                    if (judged) yy++;
                    else yn++;
                } else {
                    if (judged) ny++;
                    else nn++;
                }
            }
            return new Counts(yy, yn, ny, nn);
        }

        public int total() {
            return yesYes + yesNo + noYes + noNo;
        }

        public int agreed() {
            return yesYes + noNo;
        }

        /** Share of cases where verdict and label agree; NaN when there are none. */
        public double accuracy() {
            return total() == 0 ? Double.NaN : (double) agreed() / total();
        }

        /**
         * Cohen's kappa: agreement beyond what the two sides' yes-rates give by chance, {@code (po - pe) / (1 - pe)}.
         * 1 is perfect, 0 chance level, below 0 worse than chance. When chance agreement is already 1 (labels and
         * verdicts all one and the same value) it is undefined: NaN.
         */
        public double kappa() {
            double n = total();
            if (n == 0) {
                return Double.NaN;
            }
            double po = agreed() / n;
            double expectedYes = (yesYes + yesNo) / n;
            double judgedYes = (yesYes + noYes) / n;
            double pe = expectedYes * judgedYes + (1 - expectedYes) * (1 - judgedYes);
            return pe >= 1 ? Double.NaN : (po - pe) / (1 - pe);
        }
    }

    /**
     * One case judged.
     *
     * @param judgingCase the labelled case
     * @param judged      the verdict: "yes" or "no"; null when the judge call failed
     * @param rationale   the judge's rationale, or the error
     */
    public record Outcome(JudgingCase judgingCase, String judged, String rationale) {
        public Outcome {
            Objects.requireNonNull(judgingCase, "judgingCase");
            rationale = rationale == null ? "" : rationale;
        }

        public boolean expectedYes() {
            return judgingCase.expectedYes();
        }

        /** The verdict as a boolean; empty when the judge failed. */
        public java.util.Optional<Boolean> judgedYes() {
            return judged == null ? java.util.Optional.empty() : java.util.Optional.of(judged.equals("yes"));
        }

        public boolean error() {
            return judged == null;
        }

        public boolean agrees() {
            return judgedYes().map(j -> j == expectedYes()).orElse(false);
        }
    }

    /**
     * The outcomes of one run of a judge model over a set.
     *
     * @param model    the judge model
     * @param source   where the set came from (a file, or the bundled set)
     * @param outcomes one per case, in the set's order
     */
    public record Report(String model, String source, List<Outcome> outcomes) {
        public Report {
            outcomes = List.copyOf(outcomes);
        }

        /** The judges of the set, in first-seen order. */
        public List<String> judges() {
            Set<String> out = new LinkedHashSet<>();
            outcomes.forEach(o -> out.add(o.judgingCase().judge()));
            return List.copyOf(out);
        }

        /** The outcomes that pass {@code filter}. */
        public List<Outcome> where(Predicate<Outcome> filter) {
            return outcomes.stream().filter(filter).toList();
        }

        /** The counts of {@code judge} (null: every judge) on {@code split} (null: both splits). */
        public Counts counts(String judge, String split) {
            return Counts.of(
                    where(o -> (judge == null || o.judgingCase().judge().equals(judge))
                            && (split == null || o.judgingCase().split().equals(split))));
        }

        /** Accuracy of {@code judge} (null: all) on {@code split} (null: both). */
        public double accuracy(String judge, String split) {
            return counts(judge, split).accuracy();
        }

        /** Cases whose judge call failed. */
        public int errors(String judge) {
            return where(o -> o.error()
                            && (judge == null || o.judgingCase().judge().equals(judge)))
                    .size();
        }

        /** The outcomes that disagree with their label. */
        public List<Outcome> disagreements() {
            return where(o -> !o.agrees());
        }

        /** Per kind of case of {@code judge}: its outcomes, kinds in first-seen order. */
        public Map<String, List<Outcome>> byKind(String judge) {
            Map<String, List<Outcome>> out = new LinkedHashMap<>();
            for (Outcome o : outcomes) {
                if (o.judgingCase().judge().equals(judge)) {
                    out.computeIfAbsent(o.judgingCase().kind(), k -> new ArrayList<>())
                            .add(o);
                }
            }
            return out;
        }

        /** The report as a table: per judge accuracy and kappa on all, dev and held-out, then the failing kinds. */
        public String toTable() {
            StringBuilder out = new StringBuilder();
            out.append("judge agreement: ")
                    .append(model)
                    .append(" on ")
                    .append(outcomes.size())
                    .append(" labelled cases (")
                    .append(source)
                    .append(")\n\n");
            String header = String.format(
                    Locale.ROOT,
                    "%-20s %5s %8s %6s   %-12s %-12s %6s%n",
                    "judge",
                    "cases",
                    "accuracy",
                    "kappa",
                    "dev acc",
                    "heldout acc",
                    "errors");
            out.append(header);
            out.append("-".repeat(header.strip().length())).append('\n');
            for (String judge : judges()) {
                out.append(line(judge, judge));
            }
            out.append(line("all", null));
            List<String> failing = new ArrayList<>();
            for (String judge : judges()) {
                for (Map.Entry<String, List<Outcome>> kind : byKind(judge).entrySet()) {
                    List<Outcome> os = kind.getValue();
                    long agreed = os.stream().filter(Outcome::agrees).count();
                    if (agreed < os.size()) {
                        failing.add(String.format(
                                Locale.ROOT,
                                "  %-20s %-22s %3d/%-3d agree  (labelled %s)",
                                judge,
                                kind.getKey(),
                                agreed,
                                os.size(),
                                labels(os)));
                    }
                }
            }
            out.append('\n');
            if (failing.isEmpty()) {
                out.append("every kind of case agrees with its labels\n");
            } else {
                out.append("kinds of case with disagreements:\n");
                failing.forEach(f -> out.append(f).append('\n'));
            }
            return out.toString();
        }

        private String line(String label, String judge) {
            Counts all = counts(judge, null);
            return String.format(
                    Locale.ROOT,
                    "%-20s %5d %8s %6s   %-12s %-12s %6d%n",
                    label,
                    all.total(),
                    format(all.accuracy()),
                    format(all.kappa()),
                    splitCell(judge, JudgingSet.DEV),
                    splitCell(judge, JudgingSet.HELDOUT),
                    errors(judge));
        }

        private String splitCell(String judge, String split) {
            Counts c = counts(judge, split);
            return c.total() == 0 ? "-" : format(c.accuracy()) + " (" + c.total() + ")";
        }

        /** The report as a JSON-ready tree of maps and lists (snake_case keys). */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model);
            json.put("source", source);
            json.put("cases", outcomes.size());
            json.put("overall", stats(null));
            List<Object> judges = new ArrayList<>();
            for (String judge : judges()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("judge", judge);
                j.putAll(stats(judge));
                List<Object> kinds = new ArrayList<>();
                for (Map.Entry<String, List<Outcome>> kind : byKind(judge).entrySet()) {
                    List<Outcome> os = kind.getValue();
                    Map<String, Object> k = new LinkedHashMap<>();
                    k.put("kind", kind.getKey());
                    k.put("cases", os.size());
                    k.put("agreed", os.stream().filter(Outcome::agrees).count());
                    k.put("labelled", labels(os));
                    kinds.add(k);
                }
                j.put("kinds", kinds);
                judges.add(j);
            }
            json.put("judges", judges);
            List<Object> disagreements = new ArrayList<>();
            for (Outcome o : disagreements()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("id", o.judgingCase().id());
                d.put("judge", o.judgingCase().judge());
                d.put("kind", o.judgingCase().kind());
                d.put("split", o.judgingCase().split());
                d.put("expected", o.judgingCase().expectedVerdict());
                d.put("judged", o.judged());
                d.put("rationale", o.rationale());
                disagreements.add(d);
            }
            json.put("disagreements", disagreements);
            return json;
        }

        private Map<String, Object> stats(String judge) {
            Map<String, Object> s = new LinkedHashMap<>(counted(counts(judge, null)));
            s.put("errors", errors(judge));
            s.put("dev", counted(counts(judge, JudgingSet.DEV)));
            s.put("heldout", counted(counts(judge, JudgingSet.HELDOUT)));
            return s;
        }

        private static Map<String, Object> counted(Counts c) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("cases", c.total());
            s.put("agreed", c.agreed());
            s.put("accuracy", rounded(c.accuracy()));
            s.put("kappa", rounded(c.kappa()));
            s.put(
                    "confusion",
                    Map.of("yes_yes", c.yesYes(), "yes_no", c.yesNo(), "no_yes", c.noYes(), "no_no", c.noNo()));
            return s;
        }

        private static String labels(List<Outcome> os) {
            boolean yes = os.stream().anyMatch(Outcome::expectedYes);
            boolean no = os.stream().anyMatch(o -> !o.expectedYes());
            return yes && no ? "mixed" : yes ? "yes" : "no";
        }

        private static Double rounded(double v) {
            return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
        }

        private static String format(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
        }
    }

    /** {@link #run(List, ScoringContext, String, int)} straight through {@code gateway}, four calls at a time. */
    public static Report run(List<JudgingCase> cases, Gateway gateway, String model, String source) {
        return run(cases, ScoringContext.direct(gateway, model), source, 4);
    }

    /**
     * Judges every case on {@code context}'s judge model, {@code concurrency} calls at a time, and returns the
     * outcomes in the set's order.
     */
    public static Report run(List<JudgingCase> cases, ScoringContext context, String source, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency is at least 1, was " + concurrency);
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "judge-agreement");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (JudgingCase c : cases) {
                futures.add(pool.submit(() -> judge(c, context)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return new Report(context.judgeModel(), source, outcomes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while judging", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One case judged by the built-in judge it names. */
    public static Outcome judge(JudgingCase c, ScoringContext context) {
        LlmJudge judge = Scorers.judge(c.judge())
                .orElseThrow(() -> new IllegalArgumentException("no built-in judge '" + c.judge() + "'"));
        ScorerInput input = new ScorerInput(c.inputs(), c.response(), c.expectations(), null, context);
        List<Feedback> feedback;
        try {
            feedback = judge.score(input);
        } catch (RuntimeException e) {
            return new Outcome(c, null, "error: " + e.getMessage());
        }
        if (feedback.isEmpty()) {
            return new Outcome(c, null, "error: the judge returned no feedback");
        }
        Feedback f = feedback.get(0);
        if (!f.isOk() || f.asBoolean().isEmpty()) {
            return new Outcome(c, null, (f.isSkipped() ? "skipped: " : "error: ") + f.rationale());
        }
        return new Outcome(c, f.asBoolean().get() ? "yes" : "no", f.rationale());
    }
}
