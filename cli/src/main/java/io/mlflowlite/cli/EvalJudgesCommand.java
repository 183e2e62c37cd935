package io.mlflowlite.cli;

import io.mlflowlite.eval.JudgeAgreement;
import io.mlflowlite.eval.JudgeModels;
import io.mlflowlite.eval.JudgingCase;
import io.mlflowlite.eval.JudgingSet;
import io.mlflowlite.eval.Scorers;
import io.mlflowlite.eval.ScoringContext;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlflowlite eval judges}: how often a judge model agrees with a labelled judging set, per judge (accuracy,
 * Cohen's kappa, dev and held-out splits, the kinds of case where it disagrees).
 */
@Command(
        name = "judges",
        mixinStandardHelpOptions = true,
        description = "Measure the built-in judges' agreement with a labelled judging set (the bundled one by "
                + "default): accuracy and Cohen's kappa per judge, on the dev and held-out splits, and the kinds of "
                + "case where they disagree.")
final class EvalJudgesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--judge-model",
            paramLabel = "MODEL",
            defaultValue = JudgeModels.LOCAL,
            description = "The model that judges (default ${DEFAULT-VALUE}, the offline judge); any model the "
                    + "gateway serves: openai/gpt-4o-mini with a key, mock/pro …")
    private String judgeModel;

    @Option(
            names = "--set",
            paramLabel = "FILE",
            description = "A judging set (JSONL: id, judge, kind, split, inputs, expectations, response, verdict); "
                    + "default: the bundled set.")
    private Path set;

    @Option(
            names = "--judge",
            paramLabel = "NAME",
            split = ",",
            description = "Only these judges (our names or MLflow 3's: RelevanceToQuery, RetrievalGroundedness …).")
    private List<String> only = new ArrayList<>();

    @Option(
            names = "--split",
            paramLabel = "SPLIT",
            description = "Only the dev or the heldout cases (default: both, reported apart).")
    private String split;

    @Option(
            names = "--max-concurrency",
            paramLabel = "N",
            defaultValue = "4",
            description = "Judge calls at a time (default ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(
            names = "--show-disagreements",
            description = "Also list each case the judge got wrong, with its rationale.")
    private boolean showDisagreements;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (set != null && !Files.isRegularFile(set)) {
            throw new IllegalArgumentException("--set " + set + ": no such file");
        }
        List<JudgingCase> cases = set == null ? JudgingSet.bundled() : JudgingSet.read(set);
        String source = set == null ? "bundled judging set" : set.toString();
        Set<String> judges = new LinkedHashSet<>();
        for (String name : only) {
            String judge = Scorers.judgeName(name);
            if (judge == null) {
                throw new IllegalArgumentException("--judge " + name + ": not a built-in judge");
            }
            judges.add(judge);
        }
        if (split != null && !split.equals(JudgingSet.DEV) && !split.equals(JudgingSet.HELDOUT)) {
            throw new IllegalArgumentException("--split is " + JudgingSet.DEV + " or " + JudgingSet.HELDOUT);
        }
        List<JudgingCase> selected = cases.stream()
                .filter(c -> judges.isEmpty() || judges.contains(c.judge()))
                .filter(c -> split == null || c.split().equals(split))
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no case of " + source + " matches --judge/--split");
        }
        JudgeAgreement.Report report;
        try (Gateway gateway = Gateway.builder()
                .env(System.getenv())
                .tracing(Tracing.builder().enabled(false).build())
                .build()) {
            report = JudgeAgreement.run(selected, ScoringContext.direct(gateway, judgeModel), source, concurrency);
        }
        if (output.json()) {
            OutputOption.print(out, report.toJson());
            return ExitCodes.OK;
        }
        out.print(report.toTable());
        if (showDisagreements) {
            out.println();
            out.println("disagreements:");
            for (JudgeAgreement.Outcome o : report.disagreements()) {
                JudgingCase c = o.judgingCase();
                out.printf(
                        "  %-10s %-18s %-20s %-7s labelled %-3s judged %-4s %s%n",
                        c.id(),
                        c.judge(),
                        c.kind(),
                        c.split(),
                        c.expectedVerdict(),
                        o.judged() == null ? "-" : o.judged(),
                        TracesListCommand.abbreviate(o.rationale().replaceAll("\\s+", " "), 160));
            }
        }
        return ExitCodes.OK;
    }
}
