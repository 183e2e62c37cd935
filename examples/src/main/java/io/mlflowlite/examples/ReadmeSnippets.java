package io.mlflowlite.examples;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.openai.OpenAiWire;
import java.time.Duration;
import java.util.List;

/**
 * The README's "In your code" snippets with the imports it lists, so the build fails when they stop compiling.
 * The second one calls gpt-4o and needs OPENAI_API_KEY; {@code main} runs only the first.
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {}

    public static void main(String[] args) {
        ChatResponse r = Mlflowlite.query("mock/mini", "What is the capital of France?");
        System.out.println(r.content() + "  " + r.usage().totalTokens() + " tokens  "
                + r.cost().formatted() + "  " + r.latency().toMillis() + " ms");
    }

    static String configuredGateway() {
        try (Gateway gateway = Gateway.builder()
                .env(System.getenv())
                .maxRetries(2)
                .timeout(Duration.ofSeconds(30))
                .fallbackModels(List.of("claude-sonnet-4-5"))
                .build()) {
            ChatResponse r = gateway.completion(ChatRequest.builder()
                    .model("gpt-4o")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("Hello")
                    .temperature(0.2)
                    .build());
            String openAiJson = OpenAiWire.responseJson(r).toString(); // OpenAI's chat.completion JSON
            return openAiJson;
        }
    }
}
