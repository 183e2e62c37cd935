package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.error.MalformedResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds streamed chunks into the {@link ChatResponse} a non-streamed call would have returned: text
 * concatenated per choice, tool-call arguments joined per call index, refusal and reasoning blocks rebuilt,
 * extension fields merged, the finish reason and usage kept. An empty id or model (Azure's leading
 * {@code prompt_filter_results} chunk has both) does not hide the real one a later chunk brings. Not thread-safe.
 *
 * <p>What it holds is bounded, since a provider decides how much it streams: at most {@link #MAX_CHARS}
 * characters of text and arguments in all, {@link #MAX_CHOICES} choices and {@link #MAX_TOOL_CALLS} tool calls
 * per choice. A stream past a bound is failed with {@link MalformedResponseException} rather than left to fill
 * the heap.
 */
public final class StreamAccumulator {
    /** The most text and tool-call arguments one stream may carry: 16 Mi characters, far beyond any real answer. */
    public static final int MAX_CHARS = 16 * 1024 * 1024;
    /** The most choices one stream may carry (OpenAI's own limit on {@code n}). */
    public static final int MAX_CHOICES = 128;
    /** The most tool calls one choice may carry. */
    public static final int MAX_TOOL_CALLS = 1024;

    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private long chars;
    private String id;
    private long created;
    private String model;
    private Usage usage;

    public void add(ChatChunk chunk) {
        if ((id == null || id.isEmpty()) && chunk.id() != null) {
            id = chunk.id();
        }
        if (created == 0) {
            created = chunk.created();
        }
        if ((model == null || model.isEmpty()) && chunk.model() != null) {
            model = chunk.model();
        }
        chunk.usage().ifPresent(u -> usage = u);
        for (ChatChunk.Delta delta : chunk.choices()) {
            if (!choices.containsKey(delta.index()) && choices.size() >= MAX_CHOICES) {
                throw tooMuch("more than " + MAX_CHOICES + " choices");
            }
            ChoiceState state = choices.computeIfAbsent(delta.index(), i -> new ChoiceState());
            if (delta.content() != null) {
                count(delta.content());
                state.text.append(delta.content());
            }
            for (ChatChunk.ToolCallDelta call : delta.toolCalls()) {
                if (!state.toolCalls.containsKey(call.index()) && state.toolCalls.size() >= MAX_TOOL_CALLS) {
                    throw tooMuch("more than " + MAX_TOOL_CALLS + " tool calls in one choice");
                }
                ToolCallState tc = state.toolCalls.computeIfAbsent(call.index(), i -> new ToolCallState());
                if (call.id() != null) {
                    tc.id = call.id();
                }
                if (call.name() != null) {
                    tc.name = call.name();
                }
                if (call.arguments() != null) {
                    count(call.arguments());
                    tc.arguments.append(call.arguments());
                }
            }
            if (delta.finishReason() != null) {
                state.finishReason = delta.finishReason();
            }
            addExtras(state, delta.extras());
        }
    }

    private static void addExtras(ChoiceState state, ChatChunk.Extras extras) {
        if (extras.refusal() != null) {
            state.refusal = state.refusal == null ? new StringBuilder() : state.refusal;
            state.refusal.append(extras.refusal());
        }
        for (ChatChunk.ReasoningDelta piece : extras.reasoning()) {
            ReasoningState block = state.reasoning.computeIfAbsent(piece.index(), i -> new ReasoningState());
            if (piece.type() != null) {
                block.type = piece.type();
            }
            if (piece.thinking() != null) {
                block.thinking.append(piece.thinking());
            }
            if (piece.signature() != null) {
                block.signature = piece.signature();
            }
            if (piece.data() != null) {
                block.data = piece.data();
            }
        }
        extras.fields().forEach((name, value) -> {
            JsonNode before = state.fields.get(name);
            if (before instanceof ArrayNode list && value.isArray()) {
                ArrayNode joined = list.deepCopy();
                joined.addAll((ArrayNode) value);
                state.fields.put(name, joined);
            } else {
                state.fields.put(name, value);
            }
        });
    }

    private void count(String text) {
        chars += text.length();
        if (chars > MAX_CHARS) {
            throw tooMuch("more than " + MAX_CHARS + " characters of text and tool-call arguments");
        }
    }

    private MalformedResponseException tooMuch(String what) {
        return new MalformedResponseException("The provider streamed " + what + "; the gateway stopped the stream"
                + (model == null ? "" : " from " + model));
    }

    /** Whether any chunk has been added. */
    public boolean isEmpty() {
        return id == null && choices.isEmpty();
    }

    /** The response so far (complete once the stream ended). */
    public ChatResponse toResponse() {
        ChatResponse.Builder builder =
                ChatResponse.builder().id(id).created(created).model(model).usage(usage);
        for (Map.Entry<Integer, ChoiceState> entry : choices.entrySet()) {
            ChoiceState state = entry.getValue();
            List<ToolCall> calls = new ArrayList<>();
            state.toolCalls.values().forEach(tc -> calls.add(new ToolCall(tc.id, tc.name, tc.arguments.toString())));
            String text = state.text.isEmpty() && !calls.isEmpty() ? null : state.text.toString();
            List<ReasoningBlock> reasoning = new ArrayList<>();
            state.reasoning
                    .values()
                    .forEach(
                            r -> reasoning.add(new ReasoningBlock(r.type, r.thinking.toString(), r.signature, r.data)));
            MessageExtras extras =
                    new MessageExtras(state.refusal == null ? null : state.refusal.toString(), reasoning, state.fields);
            builder.addChoice(
                    new Choice(entry.getKey(), Message.assistant(text, calls).withExtras(extras), state.finishReason));
        }
        return builder.build();
    }

    private static final class ChoiceState {
        final StringBuilder text = new StringBuilder();
        final Map<Integer, ToolCallState> toolCalls = new TreeMap<>();
        final Map<Integer, ReasoningState> reasoning = new TreeMap<>();
        final Map<String, JsonNode> fields = new LinkedHashMap<>();
        StringBuilder refusal;
        FinishReason finishReason;
    }

    private static final class ReasoningState {
        String type = ReasoningBlock.THINKING;
        final StringBuilder thinking = new StringBuilder();
        String signature;
        String data;
    }

    private static final class ToolCallState {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
