package io.mlflowlite.bench;

import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.experiments.smart.Calibration;
import io.mlflowlite.experiments.smart.Embedder;
import io.mlflowlite.experiments.smart.FrontierChart;
import io.mlflowlite.experiments.smart.GatewayEmbedder;
import io.mlflowlite.experiments.smart.RouterBenchmark;
import io.mlflowlite.experiments.smart.RoutingTable;
import io.mlflowlite.experiments.smart.SimulatedRouting;
import io.mlflowlite.experiments.smart.SmartRouter;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run route}: calibrates smart routing on one part of the simulated datasets (every model evaluated
 * through a gateway) and measures it on the other part against always-one-model, random routing at the router's
 * model mix and the oracle; with {@code --minilm} also the classifier on MiniLM embeddings. Prints the tables;
 * {@code --write-table} writes the features-only table (how the bundled one is made), {@code --svg} the chart.
 */
final class RouteBench {
    private RouteBench() {}

    static void main(String[] args) throws Exception {
        int perFamily = 60;
        double testShare = 0.5;
        long seed = 1;
        double margin = 0.01;
        boolean minilm = false;
        Path writeTable = null;
        Path svg = null;
        String strongest = "mock/pro";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per-family" -> perFamily = Integer.parseInt(args[++i]);
                case "--test-share" -> testShare = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--margin" -> margin = Double.parseDouble(args[++i]);
                case "--minilm" -> minilm = true;
                case "--write-table" -> writeTable = Path.of(args[++i]);
                case "--svg" -> svg = Path.of(args[++i]);
                case "--strongest" -> strongest = args[++i];
                default -> {
                    System.err.println("usage: bench/run route [--per-family 60] [--test-share 0.5] [--seed 1] "
                            + "[--margin 0.01] [--strongest mock/pro] [--minilm] [--write-table FILE] [--svg FILE]");
                    System.exit(2);
                }
            }
        }
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            long started = System.nanoTime();
            final String against = strongest;
            SimulatedRouting.Split split = SimulatedRouting.split(testShare, seed, perFamily);
            List<EvaluationResult> train = SimulatedRouting.evaluate(gateway, SimulatedRouting.MODELS, split.train());
            List<EvaluationResult> test = SimulatedRouting.evaluate(gateway, SimulatedRouting.MODELS, split.test());
            RoutingTable table = calibrate(train, margin, null);
            System.out.println("== calibration (train rows, out of fold), features only");
            System.out.print(table.toText());
            RouterBenchmark bench = SimulatedRouting.benchmark(
                    gateway,
                    m -> SmartRouter.of(calibrate(train, m, null)),
                    SimulatedRouting.MARGINS,
                    margin,
                    split.test(),
                    test,
                    against);
            System.out.println("\n== held-out benchmark, features only");
            System.out.print(bench.toText());
            List<io.mlflowlite.experiments.smart.FrontierPoint> chart = new ArrayList<>(bench.points());
            if (minilm) {
                Embedder embedder = new CachingEmbedder(GatewayEmbedder.minilm(gateway));
                RoutingTable withEmbeddings = calibrate(train, margin, embedder);
                System.out.println("\n== calibration, features + MiniLM embeddings");
                System.out.print(withEmbeddings.toText());
                RouterBenchmark embedded = SimulatedRouting.benchmark(
                        gateway,
                        m -> SmartRouter.of(calibrate(train, m, embedder), embedder),
                        SimulatedRouting.MARGINS,
                        margin,
                        split.test(),
                        test,
                        against);
                System.out.println("\n== held-out benchmark, features + MiniLM embeddings");
                System.out.print(embedded.toText());
                long n = 2000;
                SmartRouter router = SmartRouter.of(withEmbeddings, GatewayEmbedder.minilm(gateway));
                var request = SimulatedRouting.request(Map.of("question", "What is 12 + 30?"));
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    router.choose(request);
                }
                System.out.printf("MiniLM decision: %.0f µs per call%n", (System.nanoTime() - t0) / 1e3 / n);
            }
            SmartRouter router = SmartRouter.of(table);
            var request = SimulatedRouting.request(Map.of("question", "What is 12 + 30?"));
            for (int i = 0; i < 20_000; i++) {
                router.choose(request);
            }
            long n = 100_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                router.choose(request);
            }
            System.out.printf("features-only decision: %.1f µs per call%n", (System.nanoTime() - t0) / 1e3 / n);
            System.out.printf("total %.1f s%n", (System.nanoTime() - started) / 1e9);
            if (writeTable != null) {
                table.write(writeTable);
                System.out.println("wrote " + writeTable);
            }
            if (svg != null) {
                Files.writeString(svg, FrontierChart.standalone(chart));
                System.out.println("wrote " + svg);
            }
        }
    }

    private static RoutingTable calibrate(List<EvaluationResult> train, double margin, Embedder embedder) {
        return Calibration.builder()
                .runs(train)
                .requests(SimulatedRouting::request)
                .margin(margin)
                .embedder(embedder)
                .build()
                .calibrate();
    }

    /** Remembers vectors, so the margin sweep embeds each text once. */
    private record CachingEmbedder(Embedder inner, java.util.concurrent.ConcurrentHashMap<String, float[]> cache)
            implements Embedder {
        CachingEmbedder(Embedder inner) {
            this(inner, new java.util.concurrent.ConcurrentHashMap<>());
        }

        @Override
        public float[] embed(String text) {
            return cache.computeIfAbsent(text, inner::embed);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<String> missing =
                    texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                List<float[]> vectors = inner.embedAll(missing);
                for (int i = 0; i < missing.size(); i++) {
                    cache.put(missing.get(i), vectors.get(i));
                }
            }
            return texts.stream().map(cache::get).toList();
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public String model() {
            return inner.model();
        }
    }
}
