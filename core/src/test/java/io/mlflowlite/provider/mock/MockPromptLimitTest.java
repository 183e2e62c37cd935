package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulated model refuses a prompt past its context window, as a real one does, before spending any work on it. */
class MockPromptLimitTest {
    private final MockProvider provider = MockCalls.instantProvider();

    private static ChatRequest prompt(int characters) {
        return ChatRequest.builder()
                .model("mock/mini")
                .messages(List.of(
                        Message.system("Be brief."), Message.user("x".repeat(characters - "Be brief.".length()))))
                .build();
    }

    @Test
    void aPromptOverTheLimitIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> provider.chat(call("mini", prompt(MockProvider.MAX_PROMPT_CHARS + 1))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(String.valueOf(MockProvider.MAX_PROMPT_CHARS + 1))
                .hasMessageContaining("shorten the prompt")
                .extracting(e -> ((InvalidRequestException) e).param())
                .isEqualTo("messages");
    }

    @Test
    void aStreamedPromptOverTheLimitIsRefusedToo() {
        assertThatThrownBy(() -> provider.stream(call("mini", prompt(MockProvider.MAX_PROMPT_CHARS + 1))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aPromptAtTheLimitIsAnswered() {
        assertThat(provider.chat(call("mini", prompt(MockProvider.MAX_PROMPT_CHARS)))
                        .content())
                .isNotBlank();
    }
}
