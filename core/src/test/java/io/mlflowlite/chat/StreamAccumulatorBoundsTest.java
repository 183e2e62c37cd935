package io.mlflowlite.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.MalformedResponseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A provider cannot make the accumulator hold more than its bounds: past one, the stream fails as malformed. */
class StreamAccumulatorBoundsTest {
    private static final String MEBIBYTE = "x".repeat(1024 * 1024);

    private static ChatChunk text(int choice, String text) {
        return new ChatChunk(
                "c1", 1, "m", List.of(new ChatChunk.Delta(choice, null, text, List.of(), null)), Optional.empty());
    }

    private static StreamAccumulator full() {
        StreamAccumulator accumulator = new StreamAccumulator();
        for (int i = 0; i < StreamAccumulator.MAX_CHARS / MEBIBYTE.length(); i++) {
            accumulator.add(text(0, MEBIBYTE));
        }
        return accumulator;
    }

    @Test
    void textUpToTheLimitIsKeptWhole() {
        assertThat(full().toResponse().content()).hasSize(StreamAccumulator.MAX_CHARS);
    }

    @Test
    void textPastTheLimitFailsTheStream() {
        StreamAccumulator accumulator = full();

        assertThatThrownBy(() -> accumulator.add(text(0, "one more")))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("more than " + StreamAccumulator.MAX_CHARS + " characters");
    }

    @Test
    void choiceIndexesPastTheLimitFailTheStream() {
        StreamAccumulator accumulator = new StreamAccumulator();
        for (int i = 0; i < StreamAccumulator.MAX_CHOICES; i++) {
            accumulator.add(text(i * 1000, "a"));
        }

        assertThatThrownBy(() -> accumulator.add(text(Integer.MAX_VALUE, "a")))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("choices");
    }

    @Test
    void toolCallIndexesPastTheLimitFailTheStream() {
        StreamAccumulator accumulator = new StreamAccumulator();
        for (int i = 0; i < StreamAccumulator.MAX_TOOL_CALLS; i++) {
            accumulator.add(toolCall(i));
        }

        assertThatThrownBy(() -> accumulator.add(toolCall(StreamAccumulator.MAX_TOOL_CALLS)))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("tool calls");
    }

    private static ChatChunk toolCall(int index) {
        ChatChunk.ToolCallDelta call = new ChatChunk.ToolCallDelta(index, "call_" + index, "f", "{}");
        return new ChatChunk(
                "c1", 1, "m", List.of(new ChatChunk.Delta(0, null, null, List.of(call), null)), Optional.empty());
    }
}
