package io.mlflowlite.examples;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.prompt.PromptDiff;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import java.util.Map;

/**
 * Prompt versioning in Java: register two versions of a chat prompt, point {@code production} at the
 * first, call it, move the alias and call again (the app's code loads {@code @production} both times), then diff
 * the versions. Runs on the simulated models with an in-memory registry; use
 * {@code new PromptRegistry(PromptStores.open("jdbc:sqlite:mlflowlite.db"))} to keep the prompts.
 */
public final class PromptVersioning {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mock/mini";
        PromptRegistry registry = PromptRegistry.inMemory();

        registry.register(PromptDraft.builder(
                        "support",
                        PromptTemplate.chat(
                                PromptMessage.system("You are a support agent for {{product}}."),
                                PromptMessage.user("{{question}}")))
                .commitMessage("first version")
                .modelConfig("model", model)
                .modelConfig("temperature", 0.7)
                .build());
        registry.register(PromptDraft.builder(
                        "support",
                        PromptTemplate.chat(
                                PromptMessage.system(
                                        "You are a support agent for {{product}}.\nAnswer in one sentence."),
                                PromptMessage.user("{{question}}")))
                .commitMessage("shorter answers")
                .modelConfig("model", model)
                .modelConfig("temperature", 0.2)
                .build());
        registry.setAlias("support", "production", 1);

        Map<String, String> vars = Map.of("product", "mlflowlite", "question", "How do I rotate an API key?");
        for (int round = 0; round < 2; round++) {
            PromptVersion production = registry.load("prompts:/support@production");
            ChatResponse answer = Mlflowlite.completion(production.render(vars).build());
            System.out.println(production.uri() + " -> " + answer.content());
            System.out.println("  trace " + answer.traceId().orElse("(tracing off)"));
            registry.moveAlias("support", "production", 2);
        }

        PromptDiff diff = registry.diff("support", 1, 2);
        System.out.print(diff.render());
    }
}
