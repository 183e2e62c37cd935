package io.mlflowlite.bench;

import io.mlflowlite.experiments.simulation.ExperimentSimulation;
import io.mlflowlite.experiments.simulation.ScenarioResult;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run experiments [--quick] [--seed N]}: the experiments simulation suite at full size (2,000 A/A
 * experiments per metric, 1,000 power experiments, 200 rollouts per scenario) or the unit tests' quick size,
 * printed as a Markdown table. Exits with status 1 when a scenario misses its target.
 */
final class ExperimentsBench {
    /** The seed of the published numbers (docs/benchmarks.md). */
    static final long DEFAULT_SEED = 42;

    private ExperimentsBench() {}

    static void run(String[] args) {
        ExperimentSimulation.Scale scale = ExperimentSimulation.Scale.FULL;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> scale = ExperimentSimulation.Scale.QUICK;
                case "--seed" -> {
                    if (i + 1 >= args.length) {
                        usage("--seed needs a number");
                    }
                    seed = Long.parseLong(args[++i]);
                }
                default -> usage("unknown option " + args[i]);
            }
        }
        long start = System.nanoTime();
        List<ScenarioResult> results = ExperimentSimulation.runAll(scale, seed);
        System.out.print(ExperimentSimulation.table(results));
        System.out.printf(Locale.ROOT, "%nseed %d, %.1f s%n", seed, (System.nanoTime() - start) / 1e9);
        if (results.stream().anyMatch(r -> Boolean.FALSE.equals(r.pass()))) {
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: bench/run experiments [--quick] [--seed N]");
        System.exit(2);
    }
}
