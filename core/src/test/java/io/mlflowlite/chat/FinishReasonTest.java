package io.mlflowlite.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinishReasonTest {

    @ParameterizedTest
    @CsvSource({
        "stop, STOP",
        "length, LENGTH",
        "tool_calls, TOOL_CALLS",
        "content_filter, CONTENT_FILTER",
        "function_call, FUNCTION_CALL"
    })
    void openAisValuesAreKnownReasonsThatWriteBackTheSame(String wire, FinishReason.Known known) {
        assertThat(FinishReason.of(wire)).isSameAs(known);
        assertThat(known.wire()).isEqualTo(wire);
    }

    @Test
    void anyOtherValueIsKeptAsSent() {
        FinishReason other = FinishReason.of("eos");

        assertThat(other).isEqualTo(new FinishReason.Other("eos"));
        assertThat(other.wire()).isEqualTo("eos");
        assertThat(FinishReason.of("STOP")).isInstanceOf(FinishReason.Other.class);
        assertThat(FinishReason.of(null)).isNull();
        assertThat(FinishReason.wire(null)).isNull();
        assertThat(FinishReason.wire(FinishReason.LENGTH)).isEqualTo("length");
    }

    @Test
    void anOtherCannotStandForAKnownReason() {
        assertThatThrownBy(() -> new FinishReason.Other("length"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LENGTH");
        assertThatThrownBy(() -> new FinishReason.Other(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSwitchCoversEveryReason() {
        for (FinishReason reason : List.of(FinishReason.STOP, FinishReason.of("eos"))) {
            String kind = switch (reason) {
                case FinishReason.Known known -> "known " + known.wire();
                case FinishReason.Other(String raw) -> "other " + raw;
            };
            assertThat(kind).endsWith(reason.wire());
        }
    }

    @Test
    void jsonHoldsTheWireValue() {
        assertThat(Json.tree(FinishReason.TOOL_CALLS).asText()).isEqualTo("tool_calls");
        assertThat(Json.tree(FinishReason.of("eos")).asText()).isEqualTo("eos");
    }

    @Test
    void aResponseWithoutAReasonStopped() {
        assertThat(ChatResponse.builder().build().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aStreamKeepsTheLastReasonOfEachChoice() {
        StreamAccumulator accumulator = new StreamAccumulator();
        accumulator.add(new ChatChunk(
                "c1",
                1,
                "m",
                List.of(new ChatChunk.Delta(0, Role.ASSISTANT, "hi", List.of(), null)),
                Optional.empty()));
        accumulator.add(new ChatChunk(
                "c1",
                1,
                "m",
                List.of(new ChatChunk.Delta(0, null, null, List.of(), FinishReason.of("eos"))),
                Optional.empty()));

        assertThat(accumulator.toResponse().finishReason()).isEqualTo(new FinishReason.Other("eos"));
    }
}
