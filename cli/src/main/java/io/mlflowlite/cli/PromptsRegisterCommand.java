package io.mlflowlite.cli;

import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite prompts register}: a new version of a text or chat prompt. */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = "Register the next version of a prompt: a text template (--template or --template-file) or "
                + "a chat template (--message role=content, repeated).")
final class PromptsRegisterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The prompt's name.")
    private String name;

    @Option(names = "--template", description = "A text template with {{variables}}.")
    private String template;

    @Option(names = "--template-file", paramLabel = "FILE", description = "Read the text template from FILE.")
    private Path templateFile;

    @Option(
            names = "--message",
            paramLabel = "ROLE=CONTENT",
            description = "A chat template message (system, developer, user or assistant); repeat in order.")
    private List<String> messages = new ArrayList<>();

    @Option(names = "--commit-message", description = "Why this version exists (-m means --model in every command).")
    private String commitMessage = "";

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A label kept with the version.")
    private Map<String, String> tags = Map.of();

    @Option(
            names = "--model-config",
            paramLabel = "KEY=VALUE",
            description = "A model setting (model, temperature, max_tokens, top_p …); numbers and true/false are "
                    + "stored as JSON values.")
    private Map<String, String> modelConfig = Map.of();

    @Override
    public Integer call() throws IOException {
        int given = (template != null ? 1 : 0) + (templateFile != null ? 1 : 0) + (messages.isEmpty() ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("Give exactly one of --template, --template-file or --message");
        }
        PromptTemplate parsed;
        if (!messages.isEmpty()) {
            List<PromptMessage> chat = new ArrayList<>();
            for (String m : messages) {
                int eq = m.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "--message '" + m + "' must be ROLE=CONTENT, such as " + "system=You are brief.");
                }
                chat.add(new PromptMessage(m.substring(0, eq), m.substring(eq + 1)));
            }
            parsed = PromptTemplate.chat(chat);
        } else {
            parsed = PromptTemplate.text(
                    template != null ? template : InputFiles.readText(templateFile, "--template-file"));
        }
        PromptDraft.Builder draft =
                PromptDraft.builder(name, parsed).commitMessage(commitMessage).tags(tags);
        modelConfig.forEach((k, v) -> draft.modelConfig(k, value(v)));
        try (PromptStore prompts = store.open()) {
            PromptVersion v = PromptsCommand.StoreOption.registry(prompts).register(draft.build());
            spec.commandLine()
                    .getOut()
                    .println("Registered " + v.uri() + " ("
                            + v.template().type().key()
                            + ", variables: " + (v.variables().isEmpty() ? "none" : String.join(", ", v.variables()))
                            + ") in " + prompts.describe());
        }
        return 0;
    }

    /** {@code 0.2} a number, {@code true} a boolean, anything else the text itself. */
    private static Object value(String text) {
        if (text.matches("-?[0-9]+")) {
            return Long.parseLong(text) <= Integer.MAX_VALUE && Long.parseLong(text) >= Integer.MIN_VALUE
                    ? (Object) Integer.parseInt(text)
                    : (Object) Long.parseLong(text);
        }
        if (text.matches("-?[0-9]*\\.[0-9]+([eE][-+]?[0-9]+)?")) {
            return Double.parseDouble(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
