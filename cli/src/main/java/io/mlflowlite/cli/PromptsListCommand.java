package io.mlflowlite.cli;

import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite prompts list}: prompt names with their latest version and aliases. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List prompts (names containing QUERY, case-insensitive), or the versions of --versions NAME.")
final class PromptsListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Part of a name.")
    private String query = "";

    @picocli.CommandLine.Option(names = "--versions", paramLabel = "NAME", description = "List NAME's versions.")
    private String versionsOf;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (PromptStore prompts = store.open()) {
            PromptRegistry registry = PromptsCommand.StoreOption.registry(prompts);
            if (versionsOf != null && output.json()) {
                OutputOption.print(
                        out,
                        registry.versions(versionsOf).stream()
                                .map(v -> {
                                    Map<String, Object> json = new java.util.LinkedHashMap<>();
                                    json.put("name", v.name());
                                    json.put("version", v.version());
                                    json.put("created", v.created().toString());
                                    json.put("commit_message", v.commitMessage());
                                    return json;
                                })
                                .toList());
                return ExitCodes.OK;
            }
            if (versionsOf != null) {
                out.printf("%-8s %-20s %s%n", "VERSION", "CREATED", "COMMIT MESSAGE");
                for (PromptVersion v : registry.versions(versionsOf)) {
                    out.printf(
                            "%-8d %-20s %s%n",
                            v.version(), PromptsShowCommand.TIME.format(v.created()), v.commitMessage());
                }
                return 0;
            }
            List<String> names = registry.search(query);
            if (output.json()) {
                OutputOption.print(
                        out,
                        names.stream()
                                .map(name -> {
                                    PromptVersion latest = registry.load("prompts:/" + name + "@latest");
                                    Map<String, Object> json = new java.util.LinkedHashMap<>();
                                    json.put("name", name);
                                    json.put("type", latest.template().type().key());
                                    json.put("latest_version", latest.version());
                                    json.put("aliases", registry.aliases(name));
                                    return json;
                                })
                                .toList());
                return ExitCodes.OK;
            }
            out.printf("%-28s %-5s %6s  %s%n", "NAME", "TYPE", "LATEST", "ALIASES");
            for (String name : names) {
                PromptVersion latest = registry.load("prompts:/" + name + "@latest");
                Map<String, Integer> aliases = registry.aliases(name);
                out.printf(
                        "%-28s %-5s %6d  %s%n",
                        name,
                        latest.template().type().key(),
                        latest.version(),
                        aliases.isEmpty()
                                ? "-"
                                : aliases.entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(", ")));
            }
            if (names.isEmpty()) {
                out.println("(no prompts" + (query.isEmpty() ? "" : " matching '" + query + "'") + " in "
                        + prompts.describe() + ")");
            }
        }
        return 0;
    }
}
