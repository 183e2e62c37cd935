package io.mlflowlite.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.openai.OpenAiWire;

/**
 * Every provider answers in OpenAI's shape: the same fields, the same JSON, the same streaming chunks, the
 * same tool calls — whichever model is behind the name.
 */
public final class OpenAiCompatibility {
    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "mock/balanced";
        ObjectMapper json = new ObjectMapper();
        try (Gateway gateway = Gateway.fromEnv()) {
            // 1. The chat.completion JSON an OpenAI client expects
            ChatResponse response = gateway.completion(ChatRequest.builder()
                    .model(model)
                    .addSystemMessage("You are terse.")
                    .addUserMessage("What is the capital of Japan?")
                    .temperature(0.2)
                    .maxTokens(64)
                    .seed(7L)
                    .build());
            System.out.println(OpenAiWire.responseJson(response));

            // 2. Streaming chunks, then the accumulated response with usage and cost
            try (ChatStream stream = gateway.stream(ChatRequest.of(model, "Who painted the Mona Lisa?"))) {
                for (ChatChunk chunk : stream) {
                    System.out.print(chunk.content());
                }
                System.out.println();
                System.out.println("streamed: " + stream.response().usage() + " "
                        + stream.response().cost().formatted());
            }

            // 3. Tool calls in OpenAI's shape, and the tool result sent back
            ToolDefinition weather = ToolDefinition.function(
                    "get_weather",
                    "Current weather in a city",
                    json.readTree(
                            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
            ChatRequest ask = ChatRequest.builder()
                    .model(model)
                    .addUserMessage("What is the weather in Paris?")
                    .tools(weather)
                    .build();
            ChatResponse call = gateway.completion(ask);
            System.out.println("finish_reason=" + call.finishReason().wire() + " tool_calls=" + call.toolCalls());
            if (!call.toolCalls().isEmpty()) {
                ToolCall toolCall = call.toolCalls().get(0);
                ChatResponse answer = gateway.completion(ask.toBuilder()
                        .addMessage(Message.assistant(null, call.toolCalls()))
                        .addMessage(Message.tool(toolCall.id(), "{\"temperature_c\": 18, \"sky\": \"clear\"}"))
                        .build());
                System.out.println(answer.content());
            }

            // 4. Structured output with a JSON schema
            ChatResponse structured = gateway.completion(ChatRequest.builder()
                    .model(model)
                    .addUserMessage("What is the capital of Italy?")
                    .responseFormat(ResponseFormat.jsonSchema(
                            "capital",
                            json.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                                    + "\"required\":[\"city\"],\"additionalProperties\":false}"),
                            true))
                    .build());
            System.out.println(structured.content());
        }
    }
}
