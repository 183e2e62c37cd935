package io.mlflowlite.experiments.smart;

import java.util.List;
import java.util.Locale;

/**
 * What {@link SimulatedRouting#benchmark} measured on held-out rows: every point (the router and random routing at
 * the router's mix at each calibration margin, each model alone, the oracle), the router at its table's threshold, and the
 * headline ratios. Immutable.
 *
 * @param points    every measured point
 * @param router    the router at the headline margin
 * @param strongest always the strongest model
 * @param cheapest  always the cheapest model
 * @param oracle    the cheapest model that answers each row (the cheapest model where none does)
 * @param rows      held-out rows
 */
public record RouterBenchmark(
        List<FrontierPoint> points,
        FrontierPoint router,
        FrontierPoint strongest,
        FrontierPoint cheapest,
        FrontierPoint oracle,
        int rows) {
    public RouterBenchmark {
        points = List.copyOf(points);
    }

    /** The router's pass rate as a share of the strongest model's. */
    public double qualityKept() {
        return router.quality() / strongest.quality();
    }

    /** How much cheaper the router is than the strongest model, 0–1. */
    public double costSaving() {
        return 1 - router.costUsd() / strongest.costUsd();
    }

    /** The share of the oracle's saving (against the strongest model) that the router captures. */
    public double oracleSavingCaptured() {
        return (strongest.costUsd() - router.costUsd()) / (strongest.costUsd() - oracle.costUsd());
    }

    /**
     * Margins at which the router's pass rate is not above random routing's at the same model mix, leaving out
     * margins where the router sent every call to one model (random routing is then the same policy).
     */
    public List<Double> pointsNotBeatingRandom() {
        List<FrontierPoint> router =
                points.stream().filter(p -> p.kind().equals("router")).toList();
        List<FrontierPoint> random =
                points.stream().filter(p -> p.kind().equals("random")).toList();
        List<Double> lost = new java.util.ArrayList<>();
        for (int i = 0; i < router.size(); i++) {
            boolean oneModel = router.get(i).mix().values().stream().anyMatch(v -> v > 0.999);
            if (!oneModel && router.get(i).quality() <= random.get(i).quality()) {
                lost.add(router.get(i).threshold());
            }
        }
        return lost;
    }

    /**
     * The router's mean pass-rate advantage over random routing at the same mix, over the margins where it used
     * more than one model (0 when there are none).
     */
    public double meanAdvantageOverRandom() {
        List<FrontierPoint> router =
                points.stream().filter(p -> p.kind().equals("router")).toList();
        List<FrontierPoint> random =
                points.stream().filter(p -> p.kind().equals("random")).toList();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < router.size(); i++) {
            if (router.get(i).mix().values().stream().noneMatch(v -> v > 0.999)) {
                sum += router.get(i).quality() - random.get(i).quality();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The points as a table, then the headline numbers. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT, "%-19s %-7s %12s %8s  %s%n", "policy", "kind", "$/1k calls", "quality", "mix"));
        for (FrontierPoint p : points) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-19s %-7s %12.4f %7.1f%%  %s%n",
                    p.name(),
                    p.kind(),
                    p.costUsd() * 1000,
                    p.quality() * 100,
                    RoutingTable.mixText(p.mix())));
        }
        out.append(String.format(
                Locale.ROOT,
                "%d held-out rows; router at margin %.2f vs always %s: quality kept %.1f%%, cost saving %.1f%%, oracle "
                        + "saving captured %.1f%%; margins not beating random: %s%n",
                rows,
                router.threshold(),
                strongest.name(),
                qualityKept() * 100,
                costSaving() * 100,
                oracleSavingCaptured() * 100,
                pointsNotBeatingRandom()));
        return out.toString();
    }
}
