package io.mlflowlite.eval;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.provider.openai.OpenAiWire;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A run's judge answers by request (model, messages, sampling and response format — what goes on the wire):
 * the first caller of a request makes the call, identical requests made meanwhile wait for it (in-flight dedupe),
 * later ones get the stored answer. A failed call is not kept, so a resume or a later row tries again.
 * Thread-safe; {@link #get} blocks while the first call for its request is in flight.
 */
final class JudgeCache {
    private final ConcurrentHashMap<String, CompletableFuture<ChatResponse>> answers = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();

    /** The answer to {@code request}: {@code call}'s on the first request, the shared one afterwards. */
    ChatResponse get(ChatRequest request, Supplier<ChatResponse> call) {
        String key = CanonicalJson.write(OpenAiWire.requestJson(request));
        CompletableFuture<ChatResponse> mine = new CompletableFuture<>();
        CompletableFuture<ChatResponse> first = answers.putIfAbsent(key, mine);
        if (first != null) {
            hits.incrementAndGet();
            try {
                return first.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            ChatResponse response = call.get();
            mine.complete(response);
            return response;
        } catch (RuntimeException e) {
            answers.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Calls answered from the cache or by waiting for an identical call in flight. */
    long hits() {
        return hits.get();
    }
}
