package io.mlflowlite.cli;

import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.experiments.smart.Calibration;
import io.mlflowlite.experiments.smart.FrontierChart;
import io.mlflowlite.experiments.smart.RoutingTable;
import io.mlflowlite.experiments.smart.RoutingTableYaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlflowlite route calibrate RUN RUN…}: from evaluation runs of several models on the same dataset, the
 * cheapest model per difficulty tier that keeps quality within the margin of the best, the cost/quality
 * frontier, and the gateway configuration of a smart route using it.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description =
                "Calibrate smart routing from evaluation runs of several models on the same dataset "
                        + "(mlflowlite eval run --model … for each): per tier, the cheapest model within --margin of the best; "
                        + "prints the routing table and the cost/quality frontier, writes the table (--table), the gateway "
                        + "configuration of a smart route (--config-out), the frontier chart (--svg) and an HTML report (--html).")
final class RouteCalibrateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EvalCommand.StoreOption store;

    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Evaluation run ids, one per model (at least two).")
    private List<String> runIds;

    @Option(
            names = "--margin",
            paramLabel = "FRACTION",
            defaultValue = "0.01",
            description = "Quality each tier may give up against the best model, as a fraction (default 0.01).")
    private double margin;

    @Option(
            names = "--table",
            paramLabel = "FILE",
            defaultValue = "routing-table.json",
            description = "Where to write the routing table (default ${DEFAULT-VALUE}).")
    private Path table;

    @Option(
            names = "--route",
            paramLabel = "NAME",
            defaultValue = "smart",
            description = "The route's name in --config-out (default ${DEFAULT-VALUE}).")
    private String route;

    @Option(
            names = "--config-out",
            paramLabel = "FILE",
            description = "Write the gateway configuration (endpoints and a smart route) here; printed when absent.")
    private Path configOut;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write the cost/quality frontier chart as SVG.")
    private Path svg;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Write a self-contained HTML report: the tiers, the frontier table and its chart.")
    private Path html;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("--margin must be at least 0 and below 1, e.g. 0.01; got " + margin);
        }
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        List<EvaluationResult> runs = new ArrayList<>();
        try (EvalRunStore stored = store.open()) {
            for (String id : runIds) {
                runs.add(EvalCommand.StoreOption.load(stored, id));
            }
        }
        RoutingTable calibrated =
                Calibration.builder().runs(runs).margin(margin).build().calibrate();
        calibrated.write(table);
        String yaml = RoutingTableYaml.write(calibrated, route, table.toString());
        write(configOut, yaml);
        if (svg != null) {
            write(svg, FrontierChart.standalone(calibrated.frontier()));
        }
        if (html != null) {
            write(html, report(calibrated, runIds));
        }
        if (output.json()) {
            OutputOption.print(out, calibrated.toJson());
            return ExitCodes.OK;
        }
        out.print(calibrated.toText());
        out.println();
        out.println("Routing table written to " + table + (svg != null ? "; frontier chart to " + svg : "")
                + (html != null ? "; HTML report to " + html : "") + ".");
        if (configOut != null) {
            out.println("Gateway configuration written to " + configOut
                    + ": merge it into your gateway.yaml and call the route '" + route + "'.");
        } else {
            out.println("Gateway configuration (merge into your gateway.yaml):");
            out.println();
            out.print(yaml);
        }
        return ExitCodes.OK;
    }

    /** A page a reviewer opens in a browser: what was calibrated from which runs, the frontier as table and chart. */
    private static String report(RoutingTable table, List<String> runs) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Smart routing calibration</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}"
                + "pre{background:#f6f8fa;padding:1rem;overflow:auto}</style>\n</head>\n<body>\n"
                + "<h1>Smart routing calibration</h1>\n<p>From evaluation runs " + escape(String.join(", ", runs))
                + ".</p>\n" + FrontierChart.svg(table.frontier()) + "<h2>Frontier and tiers</h2>\n<pre>"
                + escape(table.toText()) + "</pre>\n</body>\n</html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
