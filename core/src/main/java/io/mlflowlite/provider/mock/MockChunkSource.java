package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatChunk.Delta;
import io.mlflowlite.chat.ChatChunk.ToolCallDelta;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.provider.ProviderCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A simulated stream in OpenAI's chunk order: per choice a role chunk (after the time to first token),
 * text deltas of a few tokens or tool-call deltas, paced at the model's tokens per second, and a finish
 * chunk; then one chunk with usage and no choices. {@link #next()} is for one thread; {@link #close()} may
 * come from any thread and wakes a pending wait.
 */
final class MockChunkSource implements ChunkSource {
    /** Tokens per text delta: OpenAI sends one or a few. */
    private static final int TOKENS_PER_DELTA = 3;

    private final ProviderCall call;
    private final List<ChatChunk> chunks = new ArrayList<>();
    private long[] delays = new long[32];
    private final CountDownLatch closed = new CountDownLatch(1);
    private int position;

    MockChunkSource(ProviderCall call, String id, long created, String model, Generation generation, Timing timing) {
        this.call = call;
        List<Generation.Output> outputs = generation.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Generation.Output out = outputs.get(i);
            add(
                    i == 0 ? timing.ttftNanos() : 0,
                    chunk(id, created, model, new Delta(i, Role.ASSISTANT, "", List.of(), null)));
            if (out.text() != null) {
                for (Tokens.Piece piece : Tokens.pieces(out.text(), TOKENS_PER_DELTA)) {
                    add(
                            timing.generationNanos(piece.tokens()),
                            chunk(id, created, model, new Delta(i, null, piece.text(), List.of(), null)));
                }
            }
            for (int k = 0; k < out.toolCalls().size(); k++) {
                ToolCall toolCall = out.toolCalls().get(k);
                add(
                        timing.generationNanos(Tokens.count(toolCall.name())),
                        chunk(
                                id,
                                created,
                                model,
                                new Delta(
                                        i,
                                        null,
                                        null,
                                        List.of(new ToolCallDelta(k, toolCall.id(), toolCall.name(), "")),
                                        null)));
                for (Tokens.Piece piece : Tokens.pieces(toolCall.arguments(), TOKENS_PER_DELTA)) {
                    add(
                            timing.generationNanos(piece.tokens()),
                            chunk(
                                    id,
                                    created,
                                    model,
                                    new Delta(
                                            i,
                                            null,
                                            null,
                                            List.of(new ToolCallDelta(k, null, null, piece.text())),
                                            null)));
                }
            }
            add(0, chunk(id, created, model, new Delta(i, null, null, List.of(), out.finishReason())));
        }
        add(0, new ChatChunk(id, created, model, List.of(), Optional.of(generation.usage())));
    }

    /**
     * The next chunk after its simulated delay, or null at the end or once closed. Throws
     * {@link io.mlflowlite.error.AttemptTimeoutException} when the delay exceeds the call's wait budget.
     */
    @Override
    public ChatChunk next() {
        if (position >= chunks.size() || closed.getCount() == 0) {
            return null;
        }
        long delay = delays[position];
        if (delay > 0 && !Pacing.await(delay, call, closed)) {
            return null;
        }
        return closed.getCount() == 0 ? null : chunks.get(position++);
    }

    /** Ends the stream; a pending {@link #next()} returns null. Idempotent, never throws. */
    @Override
    public void close() {
        closed.countDown();
    }

    private void add(long delayNanos, ChatChunk chunk) {
        if (chunks.size() == delays.length) {
            delays = Arrays.copyOf(delays, delays.length * 2);
        }
        delays[chunks.size()] = delayNanos;
        chunks.add(chunk);
    }

    private static ChatChunk chunk(String id, long created, String model, Delta delta) {
        return new ChatChunk(id, created, model, List.of(delta), Optional.empty());
    }
}
