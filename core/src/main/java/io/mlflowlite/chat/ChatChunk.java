package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One streamed piece of a completion in OpenAI's {@code chat.completion.chunk} shape. The last chunk of a
 * stream carries {@link #usage()} when the provider reports it.
 */
public record ChatChunk(String id, long created, String model, List<Delta> choices, Optional<Usage> usage) {

    public ChatChunk {
        choices = choices == null ? List.of() : List.copyOf(choices);
        usage = usage == null ? Optional.empty() : usage;
    }

    /** A chunk with one text delta for choice 0. */
    public static ChatChunk text(String id, long created, String model, String text) {
        return new ChatChunk(id, created, model, List.of(new Delta(0, null, text, List.of(), null)), Optional.empty());
    }

    /** The text of choice 0 in this chunk, or "". */
    public String content() {
        for (Delta delta : choices) {
            if (delta.index() == 0 && delta.content() != null) {
                return delta.content();
            }
        }
        return "";
    }

    /**
     * What one choice gained in this chunk.
     *
     * @param index        the choice
     * @param role         set on the first delta of a choice, else null
     * @param content      new text, or null
     * @param toolCalls    new or continued tool calls
     * @param finishReason set on the last delta of a choice, else null
     * @param extras       refusal text, reasoning pieces and extension fields gained; never null
     */
    public record Delta(
            int index,
            Role role,
            String content,
            List<ToolCallDelta> toolCalls,
            FinishReason finishReason,
            Extras extras) {
        public Delta {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
            extras = extras == null ? Extras.NONE : extras;
        }

        /** A delta without extras. */
        public Delta(int index, Role role, String content, List<ToolCallDelta> toolCalls, FinishReason finishReason) {
            this(index, role, content, toolCalls, finishReason, Extras.NONE);
        }

        /**
         * Whether this delta gives the caller output: text, a tool call, refusal or reasoning text. A role alone, a
         * finish reason or extension fields are not output (a stream may still fail over before any output).
         */
        public boolean hasOutput() {
            return content != null && !content.isEmpty()
                    || !toolCalls.isEmpty()
                    || extras.refusal() != null && !extras.refusal().isEmpty()
                    || extras.reasoning().stream()
                            .anyMatch(r -> r.thinking() != null && !r.thinking().isEmpty()
                                    || r.signature() != null
                                    || r.data() != null);
        }
    }

    /**
     * What a delta carries besides text and tool calls, the streamed counterpart of {@link MessageExtras}.
     *
     * @param refusal   a piece of refusal text, or null
     * @param reasoning pieces of reasoning blocks
     * @param fields    extension fields; arrays are appended to what earlier chunks sent, other values replace it
     */
    public record Extras(String refusal, List<ReasoningDelta> reasoning, Map<String, JsonNode> fields) {
        /** No extras. */
        public static final Extras NONE = new Extras(null, List.of(), Map.of());

        public Extras {
            reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
            fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** Extras holding only the extension field {@code name}. */
        public static Extras field(String name, JsonNode value) {
            return new Extras(null, List.of(), Map.of(name, value));
        }

        public boolean isEmpty() {
            return refusal == null && reasoning.isEmpty() && fields.isEmpty();
        }
    }

    /**
     * A piece of a reasoning block. Pieces with the same {@code index} (counting a choice's reasoning blocks from
     * 0) belong to one block: {@code thinking} appends, {@code signature} and {@code data} are set.
     */
    public record ReasoningDelta(int index, String type, String thinking, String signature, String data) {}

    /**
     * A piece of a streamed tool call. The first piece of a call has its {@code id} and {@code name}; later
     * pieces with the same {@code index} append to {@code arguments}.
     */
    public record ToolCallDelta(int index, String id, String name, String arguments) {}
}
