package io.mlflowlite.experiments.smart;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Smart routing on the simulated world: the requests an app would send for each simulated dataset's rows, a
 * seeded train/test split, evaluation runs of several models, and the benchmark of a {@link RoutingTable} on
 * held-out rows against always-one-model, random routing at the router's model mix (the floor) and the oracle
 * (the ceiling). Everything runs through a {@link Gateway} (the simulated models with latency scale 0 are fast)
 * and is scored by {@link SimulatedDatasets#scorer(String)}; nothing here reads the models' profiles. Stateless.
 */
public final class SimulatedRouting {
    /** The simulated models smart routing chooses among, as the bundled table was calibrated. */
    public static final List<String> MODELS = List.of("mock/mini", "mock/balanced", "mock/next", "mock/pro");

    /** The request seed of every call, so each model answers the same rows' draws. */
    public static final long SEED = 7L;

    private SimulatedRouting() {}

    /**
     * The request an app sends for a row of {@code family}: the question as the user message; classification with
     * a system message stating the format ("Respond with only the label."); extraction with a JSON-schema response
     * format built from {@code inputs.schema}.
     */
    public static ChatRequest request(String family, Map<String, Object> inputs) {
        ChatRequest.Builder b = ChatRequest.builder().model("smart").seed(SEED);
        if (family.equals("classification")) {
            b.addSystemMessage("Respond with only the label.");
        }
        if (family.equals("extraction") && inputs.get("schema") != null) {
            b.responseFormat(ResponseFormat.jsonSchema("extraction", Json.tree(inputs.get("schema")), true));
        }
        return b.addUserMessage(String.valueOf(inputs.get("question"))).build();
    }

    /** The request for a row, whatever its family: classification rows have labels, extraction rows a schema. */
    public static ChatRequest request(Map<String, Object> inputs) {
        String family =
                inputs.containsKey("labels") ? "classification" : inputs.containsKey("schema") ? "extraction" : "other";
        return request(family, inputs);
    }

    /** A train and a test part of each family's rows. */
    public record Split(Map<String, Dataset> train, Map<String, Dataset> test) {}

    /**
     * Splits each family's rows (at most {@code perFamily}, taken in file order) into train and test: every row goes
     * to test with probability {@code testShare}, by a hash of its family, position and {@code seed}.
     */
    public static Split split(double testShare, long seed, int perFamily) {
        Map<String, Dataset> train = new LinkedHashMap<>();
        Map<String, Dataset> test = new LinkedHashMap<>();
        for (String family : SimulatedDatasets.FAMILIES) {
            List<EvalRow> rows = SimulatedDatasets.load(family).rows();
            List<EvalRow> tr = new ArrayList<>();
            List<EvalRow> te = new ArrayList<>();
            for (int i = 0; i < Math.min(perFamily, rows.size()); i++) {
                long h = mix(seed * 31 + family.hashCode() * 1_000_003L + i);
                (((h >>> 11) * 0x1.0p-53) < testShare ? te : tr).add(rows.get(i));
            }
            train.put(family, Dataset.of(tr));
            test.put(family, Dataset.of(te));
        }
        return new Split(train, test);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** One evaluation run per family and model: each model answers every row, scored by the family's scorer. */
    public static List<EvaluationResult> evaluate(Gateway gateway, List<String> models, Map<String, Dataset> data) {
        List<EvaluationResult> runs = new ArrayList<>();
        for (Map.Entry<String, Dataset> e : data.entrySet()) {
            if (e.getValue().size() == 0) {
                continue;
            }
            for (String model : models) {
                runs.add(run(gateway, e.getKey(), e.getValue(), model, inputs -> model));
            }
        }
        return runs;
    }

    private static EvaluationResult run(
            Gateway gateway, String family, Dataset data, String name, Function<Map<String, Object>, String> model) {
        return Evaluation.builder()
                .name(family + " " + name)
                .data(data)
                .model(name)
                .predictFn(inputs -> gateway.completion(request(family, inputs).withModel(model.apply(inputs))))
                .scorers(SimulatedDatasets.scorer(family))
                .gateway(gateway)
                .maxConcurrency(2)
                .build()
                .run();
    }

    /** The calibration margins {@link #benchmark} sweeps to trace the router's cost/quality curve. */
    public static final List<Double> MARGINS = List.of(0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.3, 0.5);

    /**
     * Benchmarks smart routing on {@code test}: for each margin of {@code margins} it takes the router calibrated
     * with that margin ({@code routerAt}, calibrated on other rows), routes and really calls every test row;
     * {@code testRuns} (every model on the same rows, from {@link #evaluate}) give the single-model, oracle and
     * random points. {@code strongest} is the model the router is held against; {@code headline} the margin whose
     * router the headline numbers describe.
     */
    public static RouterBenchmark benchmark(
            Gateway gateway,
            java.util.function.DoubleFunction<SmartRouter> routerAt,
            List<Double> margins,
            double headline,
            Map<String, Dataset> test,
            List<EvaluationResult> testRuns,
            String strongest) {
        List<FrontierPoint> points = new ArrayList<>();
        Calibration.Data data = Calibration.builder()
                .runs(testRuns)
                .requests(SimulatedRouting::request)
                .build()
                .data();
        List<String> candidates = data.candidates();
        int n = data.rows().size();
        double[] modelCost = new double[candidates.size()];
        double[] modelPass = new double[candidates.size()];
        double oracleCost = 0;
        double oraclePass = 0;
        double[] oracleShare = new double[candidates.size()];
        for (Calibration.Row r : data.rows()) {
            int cheapestPass = Calibration.label(r);
            oracleCost += r.cost()[Math.max(0, cheapestPass)] / n;
            oraclePass += cheapestPass >= 0 ? 1.0 / n : 0;
            oracleShare[Math.max(0, cheapestPass)] += 1.0 / n;
            for (int c = 0; c < candidates.size(); c++) {
                modelCost[c] += r.cost()[c] / n;
                modelPass[c] += r.pass()[c] ? 1.0 / n : 0;
            }
        }
        for (int c = 0; c < candidates.size(); c++) {
            points.add(new FrontierPoint(
                    candidates.get(c),
                    "model",
                    Double.NaN,
                    modelCost[c],
                    modelPass[c],
                    Map.of(candidates.get(c), 1.0)));
        }
        Map<String, Double> oracleMix = new LinkedHashMap<>();
        for (int c = 0; c < candidates.size(); c++) {
            oracleMix.put(candidates.get(c), oracleShare[c]);
        }
        FrontierPoint oracle = new FrontierPoint("oracle", "oracle", Double.NaN, oracleCost, oraclePass, oracleMix);
        points.add(oracle);
        FrontierPoint chosen = null;
        for (double margin : margins) {
            SmartRouter router = routerAt.apply(margin);
            RoutingTable table = router.table();
            Map<String, Integer> served = new LinkedHashMap<>();
            List<EvaluationResult> runs = new ArrayList<>();
            for (Map.Entry<String, Dataset> e : test.entrySet()) {
                if (e.getValue().size() == 0) {
                    continue;
                }
                String family = e.getKey();
                runs.add(run(gateway, family, e.getValue(), "router", inputs -> {
                    String model = table.tiers()
                            .get(router.choose(request(family, inputs)).tier())
                            .model();
                    synchronized (served) {
                        served.merge(model, 1, Integer::sum);
                    }
                    return model;
                }));
            }
            double cost = 0;
            double pass = 0;
            for (EvaluationResult r : runs) {
                for (var row : r.rows()) {
                    cost += row.usage().costUsd().doubleValue() / n;
                    pass += Calibration.passes(row) ? 1.0 / n : 0;
                }
            }
            Map<String, Double> mix = new LinkedHashMap<>();
            double randomCost = 0;
            double randomPass = 0;
            for (int c = 0; c < candidates.size(); c++) {
                double share = served.getOrDefault(candidates.get(c), 0) / (double) n;
                mix.put(candidates.get(c), share);
                randomCost += share * modelCost[c];
                randomPass += share * modelPass[c];
            }
            String label = String.format(java.util.Locale.ROOT, "margin %.2f", margin);
            FrontierPoint point = new FrontierPoint("router " + label, "router", margin, cost, pass, mix);
            points.add(point);
            points.add(new FrontierPoint("random " + label, "random", margin, randomCost, randomPass, mix));
            if (Math.abs(margin - headline) < 1e-9) {
                chosen = point;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("The headline margin " + headline + " is not one of " + margins);
        }
        int s = candidates.indexOf(strongest);
        if (s < 0) {
            throw new IllegalArgumentException(strongest + " has no test run; the models are " + candidates);
        }
        return new RouterBenchmark(
                points,
                chosen,
                new FrontierPoint(strongest, "model", Double.NaN, modelCost[s], modelPass[s], Map.of(strongest, 1.0)),
                new FrontierPoint(
                        candidates.getFirst(),
                        "model",
                        Double.NaN,
                        modelCost[0],
                        modelPass[0],
                        Map.of(candidates.getFirst(), 1.0)),
                oracle,
                n);
    }
}
