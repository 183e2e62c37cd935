package io.mlflowlite.cli;

import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptUri;
import io.mlflowlite.prompt.PromptVersion;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite prompts show}: one version in full. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a version: prompts:/NAME/3, prompts:/NAME@production, or a NAME for its latest.")
final class PromptsShowCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "URI", description = "A prompt URI or a name.")
    private String uri;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (PromptStore prompts = store.open()) {
            PromptRegistry registry = PromptsCommand.StoreOption.registry(prompts);
            PromptVersion v = registry.load(
                    uri.startsWith(PromptUri.PREFIX) ? uri : PromptUri.PREFIX + uri + "@" + PromptUri.LATEST);
            if (output.json()) {
                OutputOption.print(out, json(v, registry.aliases(v.name())));
                return ExitCodes.OK;
            }
            out.println(v.uri() + "  (" + v.template().type().key() + ")");
            out.println("  created    " + TIME.format(v.created()));
            out.println("  message    " + v.commitMessage());
            out.println("  variables  " + (v.variables().isEmpty() ? "none" : String.join(", ", v.variables())));
            StringBuilder aliases = new StringBuilder();
            registry.aliases(v.name()).forEach((a, n) -> {
                if (n == v.version()) {
                    aliases.append(aliases.isEmpty() ? "" : ", ").append(a);
                }
            });
            out.println("  aliases    " + (aliases.isEmpty() ? "-" : aliases));
            v.tags().forEach((k, val) -> out.println("  tag        " + k + " = " + val));
            v.modelConfig().forEach((k, val) -> out.println("  config     " + k + " = " + val));
            v.responseFormat()
                    .ifPresent(f -> out.println("  response   " + f.type() + (f.name() == null ? "" : " " + f.name())));
            out.println();
            if (v.template().text().isPresent()) {
                out.println(v.template().text().get());
            } else {
                for (PromptMessage m : v.template().messages()) {
                    out.println("[" + m.role() + "]");
                    out.println(m.content());
                }
            }
        }
        return 0;
    }

    /** A version as JSON for scripts: the template as text or messages, and the aliases that point at it. */
    private static java.util.Map<String, Object> json(PromptVersion v, java.util.Map<String, Integer> aliases) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("uri", v.uri().toString());
        json.put("name", v.name());
        json.put("version", v.version());
        json.put("type", v.template().type().key());
        json.put("template", v.template().text().orElse(null));
        json.put(
                "messages",
                v.template().text().isPresent()
                        ? null
                        : v.template().messages().stream()
                                .map(m -> java.util.Map.of("role", m.role(), "content", m.content()))
                                .toList());
        json.put("variables", v.variables());
        json.put("commit_message", v.commitMessage());
        json.put("created", v.created().toString());
        json.put(
                "aliases",
                aliases.entrySet().stream()
                        .filter(e -> e.getValue() == v.version())
                        .map(java.util.Map.Entry::getKey)
                        .sorted()
                        .toList());
        json.put("tags", v.tags());
        json.put("model_config", v.modelConfig());
        return json;
    }
}
