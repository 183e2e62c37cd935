package io.mlflowlite.pipeline;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A provider whose outcomes are scripted per upstream model: each call takes the next step (a failure to
 * throw, or success). Steps may advance the fake clock to simulate slow attempts.
 */
final class ScriptedProvider implements Provider {
    private final Map<String, Deque<Supplier<RuntimeException>>> scripts = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final FakeTime time;
    private Duration attemptDuration = Duration.ZERO;

    ScriptedProvider(FakeTime time) {
        this.time = time;
    }

    /** Each call of {@code model} takes the next failure; when none are left it succeeds. */
    @SafeVarargs
    final ScriptedProvider failures(String model, Supplier<RuntimeException>... failures) {
        scripts.computeIfAbsent(model, k -> new ArrayDeque<>()).addAll(List.of(failures));
        return this;
    }

    ScriptedProvider eachAttemptTakes(Duration duration) {
        this.attemptDuration = duration;
        return this;
    }

    @Override
    public String wire() {
        return "scripted";
    }

    @Override
    public ChatResponse chat(ProviderCall call) {
        step(call);
        return ChatResponse.builder()
                .id("chatcmpl-1")
                .created(1)
                .model(call.deployment().model())
                .addChoice(new Choice(
                        0, Message.assistant("answer from " + call.deployment().model()), FinishReason.STOP))
                .usage(Usage.of(10, 5))
                .build();
    }

    @Override
    public ChunkSource stream(ProviderCall call) {
        step(call);
        String model = call.deployment().model();
        Deque<Supplier<RuntimeException>> midStream = scripts.get(model + "#mid-stream");
        return new ChunkSource() {
            int sent;

            @Override
            public ChatChunk next() {
                sent++;
                if (sent == 2 && midStream != null && !midStream.isEmpty()) {
                    throw midStream.poll().get();
                }
                if (sent <= 3) {
                    return ChatChunk.text("chatcmpl-s", 1, model, "part" + sent + " ");
                }
                if (sent == 4) {
                    return new ChatChunk("chatcmpl-s", 1, model, List.of(), Optional.of(Usage.of(10, 3)));
                }
                return null;
            }

            @Override
            public void close() {}
        };
    }

    private void step(ProviderCall call) {
        String model = call.deployment().model();
        calls.add(model);
        time.advance(attemptDuration);
        Deque<Supplier<RuntimeException>> script = scripts.get(model);
        Supplier<RuntimeException> next = script == null ? null : script.poll();
        if (next != null) {
            throw next.get();
        }
    }

    static Supplier<RuntimeException> fail(MlflowliteException e) {
        return () -> e;
    }
}
