package io.mlflowlite.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds streamed chunks into the {@link ChatResponse} a non-streamed call would have returned: text
 * concatenated per choice, tool-call arguments joined per call index, the finish reason and usage kept.
 * Not thread-safe.
 */
public final class StreamAccumulator {
    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private String id;
    private long created;
    private String model;
    private Usage usage;

    public void add(ChatChunk chunk) {
        if (id == null && chunk.id() != null) {
            id = chunk.id();
        }
        if (created == 0) {
            created = chunk.created();
        }
        if (model == null && chunk.model() != null) {
            model = chunk.model();
        }
        chunk.usage().ifPresent(u -> usage = u);
        for (ChatChunk.Delta delta : chunk.choices()) {
            ChoiceState state = choices.computeIfAbsent(delta.index(), i -> new ChoiceState());
            if (delta.content() != null) {
                state.text.append(delta.content());
            }
            for (ChatChunk.ToolCallDelta call : delta.toolCalls()) {
                ToolCallState tc = state.toolCalls.computeIfAbsent(call.index(), i -> new ToolCallState());
                if (call.id() != null) {
                    tc.id = call.id();
                }
                if (call.name() != null) {
                    tc.name = call.name();
                }
                if (call.arguments() != null) {
                    tc.arguments.append(call.arguments());
                }
            }
            if (delta.finishReason() != null) {
                state.finishReason = delta.finishReason();
            }
        }
    }

    /** Whether any chunk has been added. */
    public boolean isEmpty() {
        return id == null && choices.isEmpty();
    }

    /** The response so far (complete once the stream ended). */
    public ChatResponse toResponse() {
        ChatResponse.Builder builder = ChatResponse.builder().id(id).created(created).model(model).usage(usage);
        for (Map.Entry<Integer, ChoiceState> entry : choices.entrySet()) {
            ChoiceState state = entry.getValue();
            List<ToolCall> calls = new ArrayList<>();
            state.toolCalls.values().forEach(tc -> calls.add(new ToolCall(tc.id, tc.name, tc.arguments.toString())));
            String text = state.text.isEmpty() && !calls.isEmpty() ? null : state.text.toString();
            builder.addChoice(new Choice(entry.getKey(), Message.assistant(text, calls), state.finishReason));
        }
        return builder.build();
    }

    private static final class ChoiceState {
        final StringBuilder text = new StringBuilder();
        final Map<Integer, ToolCallState> toolCalls = new TreeMap<>();
        String finishReason;
    }

    private static final class ToolCallState {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
