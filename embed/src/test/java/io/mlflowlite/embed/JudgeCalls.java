package io.mlflowlite.embed;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.eval.JudgePrompt;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Tracing;
import java.util.Map;

/** Sends judge prompts to {@code local/judge} through a gateway the way evaluation does, and reads the JSON. */
final class JudgeCalls implements AutoCloseable {
    private final Gateway gateway = Gateway.builder()
            .env(Map.of())
            .tracing(Tracing.builder().enabled(false).build())
            .build();

    /** The answer of one judge call. */
    record Answer(String result, String rationale, ChatResponse response) {
        boolean yes() {
            return result.equals("yes");
        }
    }

    ChatRequest request(JudgePrompt prompt) {
        return ChatRequest.builder()
                .model("local/judge")
                .addSystemMessage(
                        "You are an impartial judge. Answer with JSON {\"rationale\": ..., \"result\": \"yes\"|\"no\"}.")
                .addUserMessage(prompt.render())
                .build();
    }

    Answer judge(JudgePrompt prompt) {
        ChatResponse response = gateway.completion(request(prompt));
        JsonNode json = Json.read(response.content());
        if (json.size() != 2
                || !json.path("result").isTextual()
                || !json.path("rationale").isTextual()) {
            throw new AssertionError("not the judge contract's JSON: " + response.content());
        }
        return new Answer(json.get("result").asText(), json.get("rationale").asText(), response);
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
