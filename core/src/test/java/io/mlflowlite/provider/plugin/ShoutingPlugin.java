package io.mlflowlite.provider.plugin;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.provider.ProviderPlugin;
import io.mlflowlite.provider.ProviderProfile;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A test plugin, listed in no services file on the test classpath (tests hand it to a class loader of their
 * own): provider {@code shout}, whose chat model upper-cases the last message and whose embedding model gives
 * each text its length.
 */
public final class ShoutingPlugin implements ProviderPlugin {

    @Override
    public ProviderProfile profile() {
        return new ProviderProfile("shout", "shout", "local://in-process", List.of(), List.of(), false);
    }

    @Override
    public Provider adapter() {
        return new Shouter();
    }

    @Override
    public List<CatalogEntry> models() {
        return List.of(
                new CatalogEntry(
                        "shout/loud",
                        "shout",
                        "loud",
                        "chat",
                        4096,
                        1024,
                        Set.of("streaming"),
                        List.of(),
                        "upper-cases its input, in-process"),
                new CatalogEntry(
                        "shout/length",
                        "shout",
                        "length",
                        "embedding",
                        4096,
                        0,
                        Set.of("embeddings"),
                        List.of(),
                        "embeds a text as its length"));
    }

    @Override
    public Optional<PriceTable> prices() {
        return Optional.of(PriceTable.parse("""
                {"version": "shout-1", "currency": "USD", "unit": "per 1M tokens", "models": {
                  "shout/loud": {"input": "0", "output": "0", "effective": "2026-01-01", "source": "local",
                                 "note": "runs in-process; free"},
                  "shout/length": {"input": "1.00", "effective": "2026-01-01", "source": "test"}}}
                """, "ShoutingPlugin"));
    }

    /** The adapter: answers at once, reports word counts as usage. */
    static final class Shouter implements Provider {
        @Override
        public String wire() {
            return "shout";
        }

        @Override
        public ChatResponse chat(ProviderCall call) {
            if (!call.deployment().model().equals("loud")) {
                throw new InvalidRequestException("shout/" + call.deployment().model() + " cannot chat", "model");
            }
            List<Message> messages = call.request().messages();
            String text = messages.get(messages.size() - 1).text();
            String answer = text.toUpperCase(Locale.ROOT);
            return ChatResponse.builder()
                    .id("chatcmpl-shout")
                    .created(1)
                    .model("shout/loud")
                    .addChoice(new Choice(0, Message.assistant(answer), FinishReason.STOP))
                    .usage(Usage.of(words(text), words(answer)))
                    .build();
        }

        @Override
        public ChunkSource stream(ProviderCall call) {
            throw new UnsupportedOperationException("no streaming in this test plugin");
        }

        @Override
        public EmbeddingResponse embed(EmbeddingRequest request, Deployment deployment, Duration timeout) {
            List<float[]> vectors =
                    request.input().stream().map(t -> new float[] {t.length()}).toList();
            int tokens = request.input().stream().mapToInt(Shouter::words).sum();
            return new EmbeddingResponse(
                    "shout/length", deployment.provider(), vectors, tokens, Cost.UNPRICED, Duration.ZERO);
        }

        private static int words(String text) {
            return text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }
    }
}
