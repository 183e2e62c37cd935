package io.mlflowlite.bench;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.optimize.OptimizerAlgorithm;
import io.mlflowlite.migrate.optimize.OptimizerSimulation;
import io.mlflowlite.provider.mock.MockModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run optimize [--seeds 5] [--max-calls 300] [--algorithm gepa|metaprompt|both] [--verbose]}: the prompt
 * optimizers on the simulated world ({@link OptimizerSimulation}): per case, the start, a random 3-shot baseline,
 * the optimized prompt and the documented best, measured on held-out rows, averaged over the seeds. Exits with
 * status 1 when a case misses its target.
 */
final class OptimizeBench {
    private OptimizeBench() {}

    static void run(String[] args) {
        int seeds = 5;
        int maxCalls = 300;
        List<OptimizerAlgorithm> algorithms = List.of(OptimizerAlgorithm.GEPA, OptimizerAlgorithm.METAPROMPT);
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--max-calls" -> maxCalls = Integer.parseInt(args[++i]);
                case "--algorithm" -> {
                    String a = args[++i];
                    algorithms = a.equals("both") ? algorithms : List.of(OptimizerAlgorithm.parse(a));
                }
                case "--verbose" -> verbose = true;
                default -> {
                    System.err.println("usage: bench/run optimize [--seeds 5] [--max-calls 300] "
                            + "[--algorithm gepa|metaprompt|both] [--verbose]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        List<OptimizerSimulation.Outcome> outcomes = new ArrayList<>();
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            for (OptimizerSimulation.Case c : OptimizerSimulation.cases()) {
                for (OptimizerAlgorithm algorithm : algorithms) {
                    for (long seed = 1; seed <= seeds; seed++) {
                        OptimizerSimulation.Outcome o = OptimizerSimulation.run(gateway, c, algorithm, seed, maxCalls);
                        outcomes.add(o);
                        if (verbose) {
                            System.err.printf(
                                    Locale.ROOT,
                                    "%s %s seed %d: start %.3f, 3-shot %.3f, optimized %.3f, best %.3f (%s; winner %s)%n",
                                    c,
                                    algorithm,
                                    seed,
                                    o.start(),
                                    o.randomFewShot(),
                                    o.optimized(),
                                    o.best(),
                                    o.used(),
                                    o.winner());
                        }
                    }
                }
            }
        }
        System.out.print(OptimizerSimulation.table(outcomes));
        System.out.printf(
                Locale.ROOT,
                "%nseeds 1..%d, budget %d calls, %.1f s%n",
                seeds,
                maxCalls,
                (System.nanoTime() - started) / 1e9);
        boolean missed = outcomes.stream()
                .collect(java.util.stream.Collectors.groupingBy(o -> o.c() + "|" + o.algorithm()))
                .values()
                .stream()
                .anyMatch(g -> !OptimizerSimulation.passes(g));
        if (missed) {
            System.exit(1);
        }
    }
}
