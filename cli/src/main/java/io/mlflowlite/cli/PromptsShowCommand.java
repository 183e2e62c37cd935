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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mlflowlite prompts show}: one version in full. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a version: prompts:/NAME/3, prompts:/NAME@production, or a NAME for its latest.")
final class PromptsShowCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "URI", description = "A prompt URI or a name.")
    private String uri;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (PromptStore prompts = store.open()) {
            PromptRegistry registry = PromptsCommand.StoreOption.registry(prompts);
            PromptVersion v = registry.load(uri.startsWith(PromptUri.PREFIX) ? uri
                    : PromptUri.PREFIX + uri + "@" + PromptUri.LATEST);
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
            v.responseFormat().ifPresent(f -> out.println("  response   " + f.type()
                    + (f.name() == null ? "" : " " + f.name())));
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
}
