package io.mlflowlite.cli;

import io.mlflowlite.otel.OtlpConfig;
import io.mlflowlite.otel.OtlpExporter;
import io.mlflowlite.otel.OtlpSinkProvider;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite traces export}: matching traces as JSON lines, or to an OTLP endpoint (MLflow, Jaeger …). */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export matching traces as JSON lines (to a file or stdout) or over OTLP/HTTP.")
final class TracesExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TracesCommand.StoreOption store;

    @ArgGroup(exclusive = false)
    private TraceFilters filters = new TraceFilters();

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or otlp (default ${DEFAULT-VALUE}).")
    private String format;

    @Option(
            names = {"-o", "--output"},
            description = "jsonl: the file to write (default: stdout).")
    private Path output;

    @Option(
            names = "--endpoint",
            description = "otlp: the /v1/traces URL (default: OTEL_EXPORTER_OTLP_* or "
                    + "MLFLOW_TRACKING_URI from the environment).")
    private String endpoint;

    @Option(names = "--mlflow-experiment-id", description = "otlp: sent as x-mlflow-experiment-id.")
    private String experimentId;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("jsonl") && !format.equals("otlp")) {
            throw new IllegalArgumentException("--format must be jsonl or otlp, was '" + format + "'");
        }
        PrintWriter err = spec.commandLine().getErr();
        ExistingStore.require(store.url);
        try (TraceStore traces = TraceStores.open(store.url)) {
            if (format.equals("jsonl")) {
                long n = output == null ? jsonl(traces, spec.commandLine().getOut()) : jsonlToFile(traces, output);
                err.println("exported " + n + " trace(s)" + (output == null ? "" : " to " + output));
            } else {
                try (OtlpExporter exporter = new OtlpExporter(otlpConfig())) {
                    long spans = 0;
                    int count = 0;
                    for (List<Trace> batch : batches(traces)) {
                        spans += exporter.exportNow(batch);
                        count += batch.size();
                    }
                    err.println("exported " + count + " trace(s), " + spans + " span(s) to "
                            + exporter.config().endpoint());
                }
            }
        }
        return 0;
    }

    private OtlpConfig otlpConfig() {
        OtlpConfig.Builder config;
        if (endpoint != null) {
            config = OtlpConfig.builder(endpoint);
        } else {
            config = OtlpSinkProvider.configFromEnv(System.getenv())
                    .map(OtlpConfig::toBuilder)
                    .orElseThrow(() -> new IllegalArgumentException("no OTLP endpoint: pass --endpoint "
                            + "http://host:4318/v1/traces or set OTEL_EXPORTER_OTLP_ENDPOINT or MLFLOW_TRACKING_URI"));
        }
        if (experimentId != null) {
            config.mlflowExperimentId(experimentId);
        }
        return config.build();
    }

    /** Written through the file's own writer, not a PrintWriter: a full disk must fail the export, not vanish. */
    private long jsonlToFile(TraceStore traces, Path file) throws IOException {
        long n = 0;
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (List<Trace> batch : batches(traces)) {
                for (Trace trace : batch) {
                    writer.write(TraceJson.toJson(trace).toString());
                    writer.write('\n');
                    n++;
                }
            }
        } catch (java.nio.file.FileSystemException named) {
            throw named; // says which file already
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot be written", e);
        }
        return n;
    }

    private long jsonl(TraceStore traces, PrintWriter out) throws IOException {
        long n = 0;
        for (List<Trace> batch : batches(traces)) {
            for (Trace trace : batch) {
                out.println(TraceJson.toJson(trace));
                n++;
            }
        }
        out.flush();
        if (out.checkError() || System.out.checkError()) {
            // PrintWriter keeps its failures to itself: a closed pipe or a full disk behind stdout
            throw new IOException("writing the traces to standard output failed");
        }
        return n;
    }

    /** Every matching trace, a page at a time (pages are fetched lazily). */
    private Iterable<List<Trace>> batches(TraceStore traces) {
        return () -> new java.util.Iterator<>() {
            private String token;
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public List<Trace> next() {
                TracePage page = traces.search(
                        filters.query().pageSize(200).pageToken(token).build());
                List<Trace> full = new ArrayList<>(page.traces().size());
                for (TraceInfo info : page.traces()) {
                    traces.get(info.traceId()).ifPresent(full::add);
                }
                token = page.nextPageToken().orElse(null);
                done = token == null;
                return full;
            }
        };
    }
}
