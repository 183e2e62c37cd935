package io.mlflowlite.suggest;

import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Crafted responses for the heuristics: priced from the bundled table, like the pipeline prices them. */
final class Calls {
    static final PriceTable PRICES = PriceTable.bundled();
    static final ModelCatalog CATALOG = ModelCatalog.bundled();

    private Calls() {}

    /** A response of {@code provider/model} with {@code usage}, priced by the bundled table under {@code priceKey}. */
    static ChatResponse.Builder response(
            String provider, String model, String priceKey, Usage usage, String content, String finishReason) {
        return ChatResponse.builder()
                .id("chatcmpl-test")
                .created(1764150000)
                .model(model)
                .provider(provider)
                .addChoice(new Choice(0, Message.assistant(content), FinishReason.of(finishReason)))
                .usage(usage)
                .cost(PRICES.cost(priceKey, usage))
                .latency(Duration.ofMillis(900))
                .attempts(List.of(success(1, model, provider, Duration.ZERO)));
    }

    static ChatResponse.Builder gpt4o(Usage usage, String content) {
        return response("openai", "gpt-4o", "openai/gpt-4o", usage, content, "stop");
    }

    static Attempt success(int number, String model, String provider, Duration backoff) {
        return new Attempt(
                number,
                model,
                provider,
                Attempt.Outcome.SUCCESS,
                0,
                null,
                Duration.ZERO,
                Duration.ofMillis(850),
                backoff);
    }

    static Usage usage(int prompt, int completion, int cached, int reasoning) {
        return new Usage(prompt, completion, prompt + completion, cached, 0, reasoning, false);
    }

    static SuggestionContext context(ChatResponse response, ChatRequest request) {
        return new SuggestionContext(response, Optional.ofNullable(request), CATALOG, PRICES);
    }

    static SuggestionContext context(ChatResponse response) {
        return context(response, null);
    }

    static ChatRequest userOnly(String model, String text) {
        return ChatRequest.builder().model(model).addUserMessage(text).build();
    }

    /** {@code count} distinct instruction lines, about a dozen tokens each. */
    static String rules(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("Rule ")
                    .append(i)
                    .append(": when the customer asks about topic ")
                    .append(i)
                    .append(", answer politely and cite section ")
                    .append(i * 7)
                    .append(".\n");
        }
        return text.toString();
    }
}
