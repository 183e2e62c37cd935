package io.mlflowlite.server;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.openai.OpenAiWire;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Answers one streamed chat completion with server-sent events, each chunk written and flushed as it arrives.
 *
 * <p>Failures before the first chunk (bad model, upstream refusal after retries) are thrown before any byte is
 * written, so the client gets the right status and error JSON. After the head went out the status is 200 and
 * can't change: a failure becomes a {@code data: {"error": ...}} event and the stream ends (OpenAI's SDKs raise it).
 * When the client leaves, the write fails, and closing the {@link ChatStream} cancels the upstream request and
 * marks the trace cancelled.
 *
 * <p>Usage: OpenAI sends it only when asked ({@code stream_options.include_usage}), as one last chunk with no
 * choices; the pipeline always gets it from upstream. So usage is taken off the chunks as they pass and, when
 * asked for, sent once at the end from the whole response (estimated where the provider reported none).
 */
final class ChatStreamResponse {
    private final Gateway gateway;
    private final Exchange exchange;
    private final RequestScope scope;

    ChatStreamResponse(Gateway gateway, Exchange exchange, RequestScope scope) {
        this.gateway = gateway;
        this.exchange = exchange;
        this.scope = scope;
    }

    void send(ChatRequest request, boolean includeUsage) {
        scope.callStarted("chat");
        try (ChatStream stream = gateway.stream(request)) {
            ResponseHeaders.streamStart(exchange, stream);
            exchange.header("cache-control", "no-cache");
            exchange.header("x-accel-buffering", "no"); // tells nginx-style proxies not to buffer the events
            try (SseWriter events = new SseWriter(exchange.stream(200, "text/event-stream; charset=utf-8"))) {
                relay(stream, events, includeUsage);
            }
        }
    }

    private void relay(ChatStream stream, SseWriter events, boolean includeUsage) {
        Iterator<ChatChunk> chunks = stream.iterator();
        ChatChunk last = null;
        long waitedForChunks = 0;
        while (true) {
            long asked = System.nanoTime();
            boolean more;
            try {
                more = chunks.hasNext();
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.from(e, scope.requestId);
                scope.callFailed(e, error);
                events.data(error.toJson().toString());
                return;
            }
            if (!more) {
                // the last pull also ran the pipeline's finishers (pricing, the trace): gateway time, not upstream
                break;
            }
            waitedForChunks += System.nanoTime() - asked;
            last = chunks.next();
            ChatChunk visible = withoutUsage(last);
            if (visible != null) {
                events.data(OpenAiWire.chunkJson(visible).toString());
            }
        }
        ChatResponse response = stream.response();
        if (includeUsage) {
            events.data(OpenAiWire.chunkJson(usageChunk(last, response)).toString());
        }
        events.done();
        scope.callSucceeded(
                response.provider(),
                response.usage(),
                response.cost(),
                UpstreamTime.nanos(response.attempts()) + waitedForChunks);
    }

    /** The chunk without its usage; null when usage was all it carried. */
    private static ChatChunk withoutUsage(ChatChunk chunk) {
        if (chunk.usage().isEmpty()) {
            return chunk;
        }
        return chunk.choices().isEmpty()
                ? null
                : new ChatChunk(chunk.id(), chunk.created(), chunk.model(), chunk.choices(), Optional.empty());
    }

    private static ChatChunk usageChunk(ChatChunk last, ChatResponse response) {
        return last != null
                ? new ChatChunk(last.id(), last.created(), last.model(), List.of(), Optional.of(response.usage()))
                : new ChatChunk(
                        response.id(), response.created(), response.model(), List.of(), Optional.of(response.usage()));
    }
}
