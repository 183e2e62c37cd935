package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite traces show <id>}: one trace's span tree with tokens, cost, latency, inputs and outputs. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one trace as a span tree.")
final class TracesShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TracesCommand.StoreOption store;

    @Parameters(paramLabel = "TRACE_ID", description = "The trace id (tr-…).")
    private String traceId;

    @Option(names = "--full", description = "Print inputs and outputs whole instead of abbreviated.")
    private boolean full;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (TraceStore traces = TraceStores.open(store.url)) {
            Trace trace = traces.get(traceId)
                    .orElseThrow(() -> new NotFoundException("No trace " + traceId + " in " + traces.describe()
                            + " (list them with 'mlflowlite traces list')"));
            if (output.json()) {
                OutputOption.print(out, TraceJson.toJson(trace));
                return ExitCodes.OK;
            }
            TraceInfo i = trace.info();
            out.printf(
                    "trace      %s%nexperiment %s%nstatus     %s%nstarted    %s%nlatency    %d ms%n"
                            + "tokens     %d in, %d out%ncost       %s%n",
                    i.traceId(),
                    i.experiment(),
                    i.state(),
                    i.startTime(),
                    i.duration().toMillis(),
                    i.inputTokens(),
                    i.outputTokens(),
                    Cost.usd(i.cost()));
            i.userIfPresent().ifPresent(u -> out.println("user       " + u));
            i.sessionIfPresent().ifPresent(s -> out.println("session    " + s));
            if (!i.tags().isEmpty()) {
                out.println("tags       " + i.tags());
            }
            if (!i.assessments().isEmpty()) {
                out.println("assessments");
                for (io.mlflowlite.tracing.Assessment a : i.assessments()) {
                    io.mlflowlite.chat.Feedback f = a.feedback();
                    out.printf(
                            "  %-20s %-10s %-28s %s%n",
                            f.name(),
                            f.display(),
                            f.source() == null ? "-" : f.source(),
                            TracesListCommand.oneLine(f.rationale()));
                }
            }
            out.println();
            trace.root().ifPresent(root -> print(out, trace, root, ""));
        }
        return 0;
    }

    private void print(PrintWriter out, Trace trace, Span span, String indent) {
        out.printf(
                "%s%s [%s] %d ms %s%s%n",
                indent,
                span.name(),
                span.type(),
                span.duration().toMillis(),
                span.status(),
                span.statusMessage() == null ? "" : " — " + span.statusMessage());
        Map<String, Object> a = span.attributes();
        if (a.containsKey("gen_ai.usage.input_tokens")) {
            out.printf(
                    "%s  tokens %s in, %s out%s%n",
                    indent,
                    a.get("gen_ai.usage.input_tokens"),
                    a.get("gen_ai.usage.output_tokens"),
                    a.containsKey("mlflow.llm.cost")
                            ? ", cost "
                                    + Cost.usd(new java.math.BigDecimal(((JsonNode) a.get("mlflow.llm.cost"))
                                            .path("total_cost")
                                            .asText("0")))
                            : "");
        }
        if (span.inputs() != null) {
            out.printf("%s  in:  %s%n", indent, text(span.inputs()));
        }
        if (span.outputs() != null) {
            out.printf("%s  out: %s%n", indent, text(span.outputs()));
        }
        for (Span child : trace.children(span.spanId())) {
            print(out, trace, child, indent + "  ");
        }
    }

    private String text(JsonNode node) {
        String text = node.isTextual() ? node.asText() : node.toString();
        return full ? text : TracesListCommand.abbreviate(TracesListCommand.oneLine(text), 160);
    }
}
