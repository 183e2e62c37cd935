package io.mlflowlite.experiments.smart;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.RowResult;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Learns a {@link RoutingTable} from evaluation runs of several models on the same rows.
 *
 * <ol>
 *   <li>Rows: runs are grouped by dataset (fingerprint) and aligned by row; the candidate models are those with a
 *       run on every dataset, ordered by their mean cost per call. A row passes for a model when its prediction
 *       did not fail and every scorer that ran passed.
 *   <li>Tier labels: a row's label is the cheapest model that answers it correctly (tiers easy, medium, hard,
 *       expert … in cost order); rows no model answers are left out of training.
 *   <li>Classifier: a {@link TierClassifier} on the rows' {@link RequestFeatures} (plus embeddings with
 *       {@link Builder#embedder(Embedder)}), scored out of fold (5 folds) so calibration sees honest predictions.
 *   <li>Threshold and tiers: the target is {@code (1 - margin)} × the best single model's pass rate, plus
 *       {@link Builder#safety(double)} standard errors (the sweep's winner is measured optimistically). For each
 *       threshold δ of a sweep the out-of-fold rows are routed to tiers, and each tier gets the model that serves
 *       it: of every tier → model assignment, the cheapest whose overall pass rate meets the target (so a tier
 *       whose rows the cheap model fails goes to a stronger one). The chosen δ is the cheapest that meets the
 *       target. Each δ, each model alone and the oracle are the {@link RoutingTable#frontier()}.
 *   <li>The final classifier is trained on every labelled row.
 * </ol>
 *
 * Deterministic for the same runs. Not thread-safe while building; {@link #calibrate()} may be called repeatedly.
 */
public final class Calibration {
    /** The thresholds δ the calibration sweeps. */
    public static final List<Double> THRESHOLDS =
            List.of(0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0);

    private static final int FOLDS = 5;

    private final List<EvaluationResult> runs;
    private final double margin;
    private final Function<Map<String, Object>, ChatRequest> requests;
    private final Optional<Embedder> embedder;
    private final TierClassifier.Options options;
    private final double safety;

    private Calibration(Builder b) {
        this.safety = b.safety;
        this.runs = List.copyOf(b.runs);
        this.margin = b.margin;
        this.requests = b.requests;
        this.embedder = Optional.ofNullable(b.embedder);
        this.options = b.options;
    }

    /** Calibrates with the defaults (margin 1 %, features only) on {@code runs}. */
    public static RoutingTable calibrate(List<EvaluationResult> runs) {
        return builder().runs(runs).build().calibrate();
    }

    /** A builder with margin 0.01, safety 1, no embedder, and requests made by {@link #defaultRequest(Map)}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The request a row's inputs stand for when none is given: a user message with {@code inputs.question} (or
     * {@code prompt}, {@code input}, or all text inputs joined), and a JSON-schema response format when the row has
     * {@code inputs.schema}.
     */
    public static ChatRequest defaultRequest(Map<String, Object> inputs) {
        Object text = inputs.get("question");
        if (text == null) {
            text = inputs.get("prompt");
        }
        if (text == null) {
            text = inputs.get("input");
        }
        if (text == null) {
            StringBuilder s = new StringBuilder();
            inputs.values().stream()
                    .filter(v -> v instanceof String)
                    .forEach(v -> s.append(v).append('\n'));
            text = s.toString();
        }
        ChatRequest.Builder b = ChatRequest.builder().model("smart").addUserMessage(String.valueOf(text));
        Object schema = inputs.get("schema");
        if (schema != null) {
            JsonNode node = Json.tree(schema);
            b.responseFormat(ResponseFormat.jsonSchema("output", node, true));
        }
        return b.build();
    }

    /** One labelled row: its request's features and embedding, and per candidate whether it passed and its cost. */
    record Row(String key, RequestFeatures features, float[] embedding, boolean[] pass, double[] cost, double[] out) {}

    /** The calibration rows and candidates (cost order), without training anything. */
    record Data(List<String> candidates, List<Row> rows) {}

    Data data() {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("Calibration needs evaluation runs of at least two models");
        }
        Map<String, Map<String, EvaluationResult>> byDataset = new LinkedHashMap<>();
        for (EvaluationResult r : runs) {
            String model = r.run()
                    .model()
                    .orElseThrow(() ->
                            new IllegalArgumentException("The run " + r.run().name()
                                    + " names no model: set Evaluation.builder().model(...) so calibration knows whose "
                                    + "answers it holds"));
            Map<String, EvaluationResult> models =
                    byDataset.computeIfAbsent(r.run().datasetFingerprint(), k -> new LinkedHashMap<>());
            if (models.put(model, r) != null) {
                throw new IllegalArgumentException("Two runs of " + model + " on the same dataset: give one per model");
            }
        }
        List<String> models =
                new ArrayList<>(byDataset.values().iterator().next().keySet());
        for (Map<String, EvaluationResult> m : byDataset.values()) {
            models.retainAll(m.keySet());
        }
        if (models.size() < 2) {
            throw new IllegalArgumentException("Calibration needs runs of at least two models on every dataset; "
                    + "the models with a run on each are " + models);
        }
        Map<String, Double> meanCost = new LinkedHashMap<>();
        for (String m : models) {
            double sum = 0;
            int n = 0;
            for (Map<String, EvaluationResult> ds : byDataset.values()) {
                for (RowResult row : ds.get(m).rows()) {
                    sum += row.usage().costUsd().doubleValue();
                    n++;
                }
            }
            meanCost.put(m, n == 0 ? 0 : sum / n);
        }
        if (meanCost.values().stream().allMatch(c -> c == 0)) {
            throw new IllegalArgumentException("The runs record no cost: run the evaluations through a gateway with "
                    + "tracing enabled (the rows' usage comes from their traces) and priced models");
        }
        List<String> candidates = models.stream()
                .sorted(Comparator.comparingDouble(meanCost::get))
                .toList();
        List<Row> rows = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map.Entry<String, Map<String, EvaluationResult>> ds : byDataset.entrySet()) {
            List<EvaluationResult> rs =
                    candidates.stream().map(ds.getValue()::get).toList();
            int n = rs.getFirst().rows().size();
            for (EvaluationResult r : rs) {
                if (r.rows().size() != n) {
                    throw new IllegalArgumentException("The runs on dataset " + ds.getKey() + " have different row "
                            + "counts: evaluate every model on the same rows");
                }
            }
            for (int i = 0; i < n; i++) {
                boolean[] pass = new boolean[candidates.size()];
                double[] cost = new double[candidates.size()];
                double[] out = new double[candidates.size()];
                for (int c = 0; c < candidates.size(); c++) {
                    RowResult row = rs.get(c).rows().get(i);
                    pass[c] = passes(row);
                    cost[c] = row.usage().costUsd().doubleValue();
                    out[c] = row.usage().outputTokens();
                }
                ChatRequest request = requests.apply(rs.getFirst().rows().get(i).inputs());
                texts.add(SmartRouter.text(request));
                rows.add(new Row(ds.getKey() + "#" + i, RequestAnalyzer.analyze(request), null, pass, cost, out));
            }
        }
        if (embedder.isPresent()) {
            List<float[]> vectors = embedder.get().embedAll(texts);
            List<Row> embedded = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                embedded.add(new Row(r.key(), r.features(), vectors.get(i), r.pass(), r.cost(), r.out()));
            }
            rows = embedded;
        }
        return new Data(candidates, rows);
    }

    /** Whether a row passed: no prediction error, at least one scorer ran, and every one that ran passed. */
    static boolean passes(RowResult row) {
        if (row.error().isPresent()) {
            return false;
        }
        boolean any = false;
        for (Feedback f : row.feedbacks()) {
            if (f.status() != Feedback.Status.OK) {
                continue;
            }
            any = true;
            Object v = f.value();
            boolean ok = switch (v) {
                case Boolean b -> b;
                case Number n -> n.doubleValue() >= 0.5;
                default -> {
                    String s = String.valueOf(v).strip().toLowerCase(java.util.Locale.ROOT);
                    yield s.equals("yes") || s.equals("pass") || s.equals("true");
                }
            };
            if (!ok) {
                return false;
            }
        }
        return any;
    }

    /** Runs the calibration. */
    public RoutingTable calibrate() {
        Data data = data();
        List<String> candidates = data.candidates();
        int k = candidates.size();
        List<Row> rows = data.rows();
        List<String> tierNames = RoutingTable.tierNames(k);
        List<Row> labelled = rows.stream().filter(r -> label(r) >= 0).toList();
        if (labelled.size() < FOLDS * 2) {
            throw new IllegalArgumentException("Calibration needs at least " + FOLDS * 2 + " rows some model answers "
                    + "correctly, got " + labelled.size());
        }
        // out-of-fold probabilities for every row (unlabelled rows are scored by a model trained on all folds but
        // theirs)
        Map<String, double[]> oof = new LinkedHashMap<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            final int f = fold;
            List<Row> train = labelled.stream().filter(r -> fold(r) != f).toList();
            Trained model = train(train, tierNames, k);
            for (Row r : rows) {
                if (fold(r) == f) {
                    oof.put(r.key(), model.classifier().probabilities(SmartRouter.input(r.features(), r.embedding())));
                }
            }
        }
        Trained all = train(labelled, tierNames, k);
        double best = 0;
        for (int c = 0; c < k; c++) {
            best = Math.max(best, passRate(rows, c));
        }
        // the sweep picks among many policies on the same rows, so the chosen one's measured quality is optimistic:
        // it must clear the target by `safety` standard errors of a pass rate over these rows
        double target = (1 - margin) * best + safety * Math.sqrt(best * (1 - best) / rows.size());
        List<FrontierPoint> frontier = new ArrayList<>();
        double chosen = THRESHOLDS.getLast();
        int[] chosenServe = null;
        double chosenCost = Double.POSITIVE_INFINITY;
        for (double delta : THRESHOLDS) {
            RoutingTable probe = table(tierNames, candidates, identity(k), all, delta, frontier, rows.size(), rows);
            int[] tierOf = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                tierOf[i] = SmartRouter.choose(probe, null, oof.get(rows.get(i).key()), delta)
                        .tier();
            }
            int[] serve = serve(rows, tierOf, k, target);
            FrontierPoint point = point(
                    String.format(java.util.Locale.ROOT, "router δ=%.3f", delta),
                    "router",
                    delta,
                    rows,
                    tierOf,
                    serve,
                    candidates);
            frontier.add(point);
            if (point.quality() >= target - 1e-12 && point.costUsd() < chosenCost) {
                chosenCost = point.costUsd();
                chosen = delta;
                chosenServe = serve;
            }
        }
        if (chosenServe == null) { // no δ met the target: take the best-quality one
            FrontierPoint top = frontier.stream()
                    .max(Comparator.comparingDouble(FrontierPoint::quality))
                    .orElseThrow();
            chosen = top.threshold();
            RoutingTable probe = table(tierNames, candidates, identity(k), all, chosen, frontier, rows.size(), rows);
            int[] tierOf = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                tierOf[i] = SmartRouter.choose(probe, null, oof.get(rows.get(i).key()), chosen)
                        .tier();
            }
            chosenServe = serve(rows, tierOf, k, target);
        }
        for (int c = 0; c < k; c++) {
            int[] tierOf = new int[rows.size()];
            Arrays.fill(tierOf, c);
            frontier.add(point(candidates.get(c), "model", Double.NaN, rows, tierOf, identity(k), candidates));
        }
        int[] oracle = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            int l = label(rows.get(i));
            oracle[i] = l >= 0 ? l : k - 1;
        }
        frontier.add(point("oracle", "oracle", Double.NaN, rows, oracle, identity(k), candidates));
        return table(tierNames, candidates, chosenServe, all, chosen, frontier, rows.size(), rows);
    }

    private RoutingTable table(
            List<String> names,
            List<String> candidates,
            int[] serve,
            Trained trained,
            double delta,
            List<FrontierPoint> frontier,
            int n,
            List<Row> rows) {
        List<Tier> tiers = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            int s = serve[t];
            double cost = 0;
            double out = 0;
            for (Row r : rows) {
                cost += r.cost()[s] / rows.size();
                out += r.out()[s] / rows.size();
            }
            tiers.add(new Tier(names.get(t), candidates.get(t), candidates.get(s), cost, out));
        }
        return new RoutingTable(
                tiers,
                trained.classifier(),
                trained.quality(),
                delta,
                margin,
                embedder.map(Embedder::model),
                frontier,
                n);
    }

    private static int[] identity(int k) {
        int[] id = new int[k];
        for (int i = 0; i < k; i++) {
            id[i] = i;
        }
        return id;
    }

    /**
     * Which candidate serves each tier: the assignment with the lowest cost on {@code rows} whose pass rate is at
     * least {@code target}, or, when none reaches it, the one with the highest pass rate. Every monotone assignment
     * is tried (a harder tier never gets a cheaper model than an easier one: 35 of them for four models); with more
     * than six candidates, each tier keeps its defining model.
     */
    private static int[] serve(List<Row> rows, int[] tierOf, int k, double target) {
        if (k > 6) {
            return identity(k);
        }
        // per tier and candidate: passes and cost of the rows routed to the tier
        double[][] pass = new double[k][k];
        double[][] cost = new double[k][k];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            for (int c = 0; c < k; c++) {
                pass[tierOf[i]][c] += r.pass()[c] ? 1 : 0;
                cost[tierOf[i]][c] += r.cost()[c];
            }
        }
        int combos = (int) Math.pow(k, k);
        int[] best = identity(k);
        double bestCost = Double.POSITIVE_INFINITY;
        double bestPass = -1;
        boolean bestMeets = false;
        int[] a = new int[k];
        for (int code = 0; code < combos; code++) {
            int rest = code;
            double p = 0;
            double c = 0;
            for (int t = 0; t < k; t++) {
                a[t] = rest % k;
                rest /= k;
                p += pass[t][a[t]];
                c += cost[t][a[t]];
            }
            boolean monotone = true;
            for (int t = 1; t < k && monotone; t++) {
                monotone = a[t] >= a[t - 1];
            }
            if (!monotone) {
                continue;
            }
            double quality = p / rows.size();
            boolean meets = quality >= target - 1e-12;
            boolean better = meets
                    ? !bestMeets || c < bestCost - 1e-15 || (Math.abs(c - bestCost) <= 1e-15 && p > bestPass)
                    : !bestMeets && (p > bestPass || (p == bestPass && c < bestCost));
            if (better) {
                best = a.clone();
                bestCost = c;
                bestPass = p;
                bestMeets = meets;
            }
        }
        return best;
    }

    private static FrontierPoint point(
            String name,
            String kind,
            double delta,
            List<Row> rows,
            int[] tierOf,
            int[] serve,
            List<String> candidates) {
        double cost = 0;
        double quality = 0;
        double[] share = new double[candidates.size()];
        for (int i = 0; i < rows.size(); i++) {
            int m = serve[tierOf[i]];
            cost += rows.get(i).cost()[m];
            quality += rows.get(i).pass()[m] ? 1 : 0;
            share[m]++;
        }
        Map<String, Double> mix = new LinkedHashMap<>();
        for (int c = 0; c < candidates.size(); c++) {
            mix.put(candidates.get(c), share[c] / rows.size());
        }
        return new FrontierPoint(name, kind, delta, cost / rows.size(), quality / rows.size(), mix);
    }

    private static double passRate(List<Row> rows, int c) {
        return rows.stream().filter(r -> r.pass()[c]).count() / (double) rows.size();
    }

    /** The cheapest candidate that answers the row, or -1. */
    static int label(Row r) {
        for (int c = 0; c < r.pass().length; c++) {
            if (r.pass()[c]) {
                return c;
            }
        }
        return -1;
    }

    private static int fold(Row r) {
        return Math.floorMod(r.key().hashCode() * 0x9E3779B9, FOLDS);
    }

    record Trained(TierClassifier classifier, double[][] quality) {}

    private Trained train(List<Row> train, List<String> names, int k) {
        List<double[]> x = new ArrayList<>(train.size());
        int[] y = new int[train.size()];
        double[][] quality = new double[k][k];
        int[] count = new int[k];
        for (int i = 0; i < train.size(); i++) {
            Row r = train.get(i);
            x.add(SmartRouter.input(r.features(), r.embedding()));
            y[i] = label(r);
            count[y[i]]++;
            for (int c = 0; c < k; c++) {
                quality[y[i]][c] += r.pass()[c] ? 1 : 0;
            }
        }
        for (int l = 0; l < k; l++) {
            for (int c = 0; c < k; c++) {
                // a label no training row has: assume its defining model and the ones after it answer
                quality[l][c] = count[l] == 0 ? (c >= l ? 1 : 0) : quality[l][c] / count[l];
            }
        }
        return new Trained(TierClassifier.train(x, y, names, options), quality);
    }

    /** Builds a {@link Calibration}. */
    public static final class Builder {
        private final List<EvaluationResult> runs = new ArrayList<>();
        private double margin = 0.01;
        private Function<Map<String, Object>, ChatRequest> requests = Calibration::defaultRequest;
        private Embedder embedder;
        private TierClassifier.Options options = TierClassifier.Options.DEFAULT;
        private double safety = 1.0;

        private Builder() {}

        /**
         * How many standard errors of a pass rate over the calibration rows the chosen policy must clear the quality
         * target by (default 1): the sweep chooses among many policies on the same rows, so the winner's measured
         * quality is optimistic. 0 trusts the calibration rows fully.
         */
        public Builder safety(double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("safety: a number of standard errors, 0 or more; got " + value);
            }
            safety = value;
            return this;
        }

        /** Adds evaluation runs: one per model and dataset, each naming its model. */
        public Builder runs(List<EvaluationResult> values) {
            runs.addAll(values);
            return this;
        }

        /** Adds evaluation runs. */
        public Builder runs(EvaluationResult... values) {
            return runs(List.of(values));
        }

        /** The quality margin: keep at least {@code (1 - margin)} of the best model's pass rate; default 0.01. */
        public Builder margin(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("margin: a share from 0 (no loss) to below 1, got " + value);
            }
            margin = value;
            return this;
        }

        /** How a row's inputs become the request the router will see (the prompt your app sends). */
        public Builder requests(Function<Map<String, Object>, ChatRequest> value) {
            requests = Objects.requireNonNull(value, "requests");
            return this;
        }

        /** Trains the classifier on the features followed by this embedder's vectors. */
        public Builder embedder(Embedder value) {
            embedder = value;
            return this;
        }

        /** The classifier's training settings. */
        public Builder classifierOptions(TierClassifier.Options value) {
            options = Objects.requireNonNull(value, "options");
            return this;
        }

        public Calibration build() {
            return new Calibration(this);
        }
    }
}
