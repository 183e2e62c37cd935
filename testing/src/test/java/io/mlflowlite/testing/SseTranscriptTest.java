package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseTranscriptTest {

    @Test
    void splitsLfTranscriptsAtBlankLines() {
        assertThat(SseTranscript.split("data: 1\n\nevent: x\ndata: 2\n\ndata: [DONE]\n\n"))
                .containsExactly("data: 1\n\n", "event: x\ndata: 2\n\n", "data: [DONE]\n\n");
    }

    @Test
    void splitsCrlfTranscriptsAtBlankLines() {
        assertThat(SseTranscript.split("event: ping\r\ndata: {}\r\n\r\ndata: 2\r\n\r\n"))
                .containsExactly("event: ping\r\ndata: {}\r\n\r\n", "data: 2\r\n\r\n");
    }

    @Test
    void keepsExtraBlankLinesAndAnUnterminatedTailSoNoByteIsLost() {
        assertThat(SseTranscript.split("data: 1\n\n\n: comment\n\ndata: tail"))
                .containsExactly("data: 1\n\n\n", ": comment\n\n", "data: tail");
    }

    @Test
    void splitsTheOpenAiFixtureIntoItsEvents() {
        String transcript = Fixtures.text("openai/stream.sse");

        assertThat(SseTranscript.split(transcript))
                .hasSize(5)
                .allSatisfy(event -> assertThat(event).startsWith("data: ").endsWith("\n\n"))
                .last()
                .isEqualTo("data: [DONE]\n\n");
        assertThat(String.join("", SseTranscript.split(transcript))).isEqualTo(transcript);
    }
}
