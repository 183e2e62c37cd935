package io.mlflowlite.embed;

import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatChunk.Delta;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code local} wire format: models computed in this process. {@code local/all-minilm-l6-v2} embeds
 * ({@link MiniLmEmbedder}); {@code local/judge} answers judge prompts ({@link OfflineJudge}). Usage is the
 * model tokenizer's count. Nothing waits on I/O: calls take the CPU time they need (milliseconds for short
 * texts; the first call also loads the model, about a second) and ignore the wait budget. Thread-safe.
 */
final class LocalProvider implements Provider {
    static final String WIRE = "local";
    static final String EMBEDDING_MODEL = MiniLmEmbedder.MODEL;
    static final String JUDGE_MODEL = "judge";

    private final MiniLmEmbedder embedder;
    private final OfflineJudge judge;

    LocalProvider(MiniLmEmbedder embedder) {
        this.embedder = embedder;
        this.judge = new OfflineJudge(embedder);
    }

    @Override
    public String wire() {
        return WIRE;
    }

    @Override
    public ChatResponse chat(ProviderCall call) {
        String model = call.deployment().model();
        if (model.equalsIgnoreCase(EMBEDDING_MODEL)) {
            throw new InvalidRequestException(
                    "local/" + EMBEDDING_MODEL + " is an embedding model: call embeddings "
                            + "(Gateway.embedding, POST /v1/embeddings); the local chat model is local/judge",
                    "model");
        }
        if (!model.equalsIgnoreCase(JUDGE_MODEL)) {
            throw unknown(model);
        }
        String content = judge.judge(call.request()).json();
        int prompt = 0;
        for (Message message : call.request().messages()) {
            prompt += embedder.countTokens(message.text());
        }
        return ChatResponse.builder()
                .id(String.format(
                        "chatcmpl-local-%016x", ThreadLocalRandom.current().nextLong()))
                .created(Instant.now().getEpochSecond())
                .model("local/" + JUDGE_MODEL)
                .provider(call.deployment().provider())
                .addChoice(new Choice(0, Message.assistant(content), FinishReason.STOP))
                .usage(Usage.of(prompt, embedder.countTokens(content)))
                .build();
    }

    /** The whole verdict computed up front, then served as OpenAI's chunk sequence. */
    @Override
    public ChunkSource stream(ProviderCall call) {
        ChatResponse r = chat(call);
        Queue<ChatChunk> chunks = new ArrayDeque<>();
        chunks.add(chunk(r, new Delta(0, Role.ASSISTANT, "", List.of(), null)));
        chunks.add(chunk(r, new Delta(0, null, r.content(), List.of(), null)));
        chunks.add(chunk(r, new Delta(0, null, null, List.of(), r.finishReason())));
        chunks.add(new ChatChunk(r.id(), r.created(), r.model(), List.of(), Optional.of(r.usage())));
        return new ChunkSource() {
            @Override
            public synchronized ChatChunk next() {
                return chunks.poll();
            }

            @Override
            public synchronized void close() {
                chunks.clear();
            }
        };
    }

    private static ChatChunk chunk(ChatResponse r, Delta delta) {
        return new ChatChunk(r.id(), r.created(), r.model(), List.of(delta), Optional.empty());
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, Deployment deployment, Duration timeout) {
        String model = deployment.model();
        if (model.equalsIgnoreCase(JUDGE_MODEL)) {
            throw new InvalidRequestException(
                    "local/judge is a chat model; the local embedding model is local/" + EMBEDDING_MODEL, "model");
        }
        if (!model.equalsIgnoreCase(EMBEDDING_MODEL)) {
            throw unknown(model);
        }
        if (request.dimensions() != null && request.dimensions() != MiniLmEmbedder.DIMENSIONS) {
            throw new InvalidRequestException(
                    "local/" + EMBEDDING_MODEL + " returns " + MiniLmEmbedder.DIMENSIONS + " dimensions; dimensions="
                            + request.dimensions() + " is not supported",
                    "dimensions");
        }
        MiniLmEmbedder.Embeddings e = embedder.embedAll(request.input());
        return new EmbeddingResponse(
                "local/" + EMBEDDING_MODEL,
                deployment.provider(),
                e.vectors(),
                e.tokens(),
                Cost.UNPRICED,
                Duration.ZERO);
    }

    private static UnknownModelException unknown(String model) {
        List<String> names = List.of("local/" + JUDGE_MODEL, "local/" + EMBEDDING_MODEL);
        return new UnknownModelException(
                "local/" + model,
                ModelCatalog.closest("local/" + model, names, 2),
                "Local models: " + String.join(", ", names) + ".");
    }
}
