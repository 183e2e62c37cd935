package io.mlflowlite.chat;

import java.util.List;
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
     */
    public record Delta(int index, Role role, String content, List<ToolCallDelta> toolCalls, String finishReason) {
        public Delta {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    /**
     * A piece of a streamed tool call. The first piece of a call has its {@code id} and {@code name}; later
     * pieces with the same {@code index} append to {@code arguments}.
     */
    public record ToolCallDelta(int index, String id, String name, String arguments) {
    }
}
