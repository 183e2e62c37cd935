package io.mlflowlite.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.ReplayCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded provider answer under {@code replay/} through the library (a {@link Gateway} against
 * {@link MockLlmServer}), streamed transcripts whole, in 3-character pieces and one character at a time, and checks what the application
 * sees in OpenAI's shape: text, tool calls, usage, finish reason, errors and extension fields
 * ({@link ReplayCase} says how a case is written).
 */
class ProviderReplayTest {
    private final MockLlmServer upstream = MockLlmServer.start();
    private final Gateway gateway = Gateway.builder()
            .env(Map.of(
                    "OPENAI_API_KEY",
                    "sk-test-openai",
                    "OPENAI_BASE_URL",
                    upstream.url("/v1"),
                    "ANTHROPIC_API_KEY",
                    "sk-ant-test",
                    "ANTHROPIC_BASE_URL",
                    upstream.url(),
                    "GEMINI_API_KEY",
                    "gm-test",
                    "GEMINI_BASE_URL",
                    upstream.url("/v1beta")))
            .maxRetries(0)
            .build();

    @AfterEach
    void close() {
        gateway.close();
        upstream.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (ReplayCase c : ReplayCase.all()) {
            all.add(Arguments.of(c, 0));
            if (c.streamed()) {
                all.add(Arguments.of(c, 3));
                all.add(Arguments.of(c, 1)); // a boundary between every two characters
            }
        }
        return all.stream();
    }

    /** The model that routes to the case's provider. */
    static String model(ReplayCase c) {
        return switch (c.provider()) {
            case "anthropic" -> "anthropic/claude-sonnet-4-5-20250929";
            case "gemini" -> "gemini/gemini-2.5-flash";
            default -> "openai/gpt-4o";
        };
    }

    @ParameterizedTest(name = "{0} in pieces of {1}")
    @MethodSource("cases")
    void theApplicationSeesWhatTheProviderSent(ReplayCase c, int pieceSize) {
        upstream.enqueue(c.response(pieceSize));
        ChatRequest request = ChatRequest.builder().model(model(c)).addUserMessage("Hi").stream(c.streamed())
                .build();

        if (!c.streamed()) {
            Throwable failure =
                    catchThrowable(() -> check(c, OpenAiWire.responseJson(gateway.completion(request)), List.of()));
            checkFailure(c, failure, false);
            return;
        }
        List<JsonNode> chunks = new ArrayList<>();
        boolean[] output = {false};
        Throwable failure = catchThrowable(() -> {
            try (ChatStream stream = gateway.stream(request)) {
                for (ChatChunk chunk : stream) {
                    chunks.add(OpenAiWire.chunkJson(chunk));
                    output[0] |= chunk.choices().stream().anyMatch(ChatChunk.Delta::hasOutput);
                }
                check(c, OpenAiWire.responseJson(stream.response()), chunks);
            }
        });
        checkFailure(c, failure, output[0]);
    }

    private static void check(ReplayCase c, JsonNode completion, List<JsonNode> chunks) {
        assertThat(c.failing())
                .as("%s should have failed, answered %s", c, completion)
                .isFalse();
        assertThat(c.mismatches(completion, chunks))
                .as("%s answered %s", c, completion)
                .isEmpty();
    }

    private static void checkFailure(ReplayCase c, Throwable failure, boolean outputBefore) {
        if (!c.failing()) {
            if (failure instanceof AssertionError e) {
                throw e;
            }
            assertThat(failure).as(c.toString()).isNull();
            return;
        }
        if (failure instanceof AssertionError e) {
            throw e;
        }
        JsonNode error = c.expect().get("error");
        assertThat(failure).as(c.toString()).isInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) failure;
        assertThat(e.status()).as(c + " status").isEqualTo(error.get("status").asInt());
        if (error.has("retryable")) {
            assertThat(e.retryable())
                    .as(c + " retryable")
                    .isEqualTo(error.get("retryable").asBoolean());
        }
        if (error.has("type")) {
            assertThat(e.type()).as(c + " type").contains(error.get("type").asText());
        }
        if (error.has("after_output") && c.streamed()) {
            assertThat(outputBefore)
                    .as(c + " output before the failure")
                    .isEqualTo(error.get("after_output").asBoolean());
        }
    }
}
