package io.mlflowlite.examples;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Message;
import io.mlflowlite.gateway.BatchResult;
import java.util.List;

/**
 * The quick start in Java: one question, a prompt over an input, and a batch — on the simulated
 * models, so it runs on a fresh machine with no keys. Set OPENAI_API_KEY and pass "gpt-4o" to use a real one.
 */
public final class QuickStart {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mock/mini";

        ChatResponse answer = Mlflowlite.query(model, "What is the capital of France?");
        System.out.println(answer.content());
        System.out.printf(
                "%d tokens, %s, %d ms%n",
                answer.usage().totalTokens(),
                answer.cost().formatted(),
                answer.latency().toMillis());

        ChatResponse summary = Mlflowlite.query(
                model, "Answer in one short sentence.", "What is the boiling point of water at sea level in Celsius?");
        System.out.println(summary.content());

        List<BatchResult> batch = Mlflowlite.batchCompletion(
                model,
                List.of(
                        List.of(Message.user("What is the largest planet in the solar system?")),
                        List.of(Message.user("Who wrote Romeo and Juliet?")),
                        List.of(Message.user("What is the chemical symbol for gold?"))));
        for (BatchResult result : batch) {
            System.out.println(result.index() + ": "
                    + (result.isSuccess()
                            ? result.response().content()
                            : "failed: " + result.error().getMessage()));
        }
    }
}
