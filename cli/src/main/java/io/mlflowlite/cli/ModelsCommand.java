package io.mlflowlite.cli;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite models}: what can be served right now, and what to set for the rest. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List every model mlflowlite knows, whether it can be served now, and why not.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--available", description = "Only models that can be served now.")
    private boolean onlyAvailable;

    @Option(
            names = {"-p", "--provider"},
            description = "Only this provider's models.")
    private String provider;

    @picocli.CommandLine.Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Gateway gateway = Gateway.fromEnv()) {
            List<ModelInfo> models = gateway.models().stream()
                    .filter(m -> !onlyAvailable || m.available())
                    .filter(m -> provider == null || m.provider().equals(provider))
                    .toList();
            if (output.json()) {
                OutputOption.print(
                        out,
                        models.stream()
                                .map(m -> {
                                    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                                    json.put("name", m.name());
                                    json.put("provider", m.provider());
                                    json.put("kind", m.kind());
                                    json.put("available", m.available());
                                    json.put("reason", m.reason());
                                    json.put("note", m.note());
                                    return json;
                                })
                                .toList());
                return ExitCodes.OK;
            }
            out.printf("%-28s %-18s %-10s %s%n", "MODEL", "PROVIDER", "STATUS", "DETAILS");
            for (ModelInfo m : models) {
                String details = m.reason() + (m.note() == null ? "" : " — " + m.note());
                out.printf(
                        "%-28s %-18s %-10s %s%n", m.name(), m.provider(), m.available() ? "ready" : "missing", details);
            }
            long ready = models.stream().filter(ModelInfo::available).count();
            out.printf("%n%d of %d ready.%n", ready, models.size());
        }
        return 0;
    }
}
