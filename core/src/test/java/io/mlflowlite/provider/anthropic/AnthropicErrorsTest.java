package io.mlflowlite.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicErrorsTest {
    private static final ChatRequest HI = ChatRequest.of("anthropic/claude-sonnet-4-5", "Hi");

    private final AnthropicUpstream upstream = new AnthropicUpstream();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void keepsTypeAndMessageOfAnInvalidRequestAndDoesNotRetryIt() {
        upstream.server.enqueue(MockResponse.json(400, Fixtures.text("anthropic/error-400.json"))
                .header("request-id", "req_011CV7aQ2mXp9RkT4sLhWn3B"));

        assertThatThrownBy(() -> upstream.chat(HI)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.provider()).isEqualTo("anthropic");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).contains("invalid_request_error");
            assertThat(e.providerMessage()).startsWith("messages.1.content.0.tool_result: unexpected `tool_use_id`");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).doesNotContain(AnthropicUpstream.API_KEY);
        });
    }

    @Test
    void turns429IntoRateLimitedHonouringRetryAfter() {
        upstream.server.enqueue(MockResponse.json(429, Fixtures.text("anthropic/error-429.json"))
                .header("retry-after", "17")
                .header("anthropic-ratelimit-requests-limit", "50")
                .header("anthropic-ratelimit-requests-remaining", "0")
                .header("anthropic-ratelimit-requests-reset", "2025-10-14T09:41:17Z"));

        assertThatThrownBy(() -> upstream.chat(HI)).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
            assertThat(e.type()).contains("rate_limit_error");
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void treats529OverloadedAsRetryable() {
        upstream.server.enqueue(MockResponse.json(529, Fixtures.text("anthropic/error-529.json")));

        assertThatThrownBy(() -> upstream.chat(HI)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.status()).isEqualTo(529);
            assertThat(e.type()).contains("overloaded_error");
            assertThat(e.providerMessage()).isEqualTo("Overloaded");
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void throwsAnErrorBeforeTheStreamStartsFromStreamItself() {
        upstream.server.enqueue(MockResponse.json(529, Fixtures.text("anthropic/error-529.json")));

        assertThatThrownBy(() -> upstream.provider.stream(
                        upstream.call(HI.toBuilder().stream(true).build())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(529);
                    assertThat(e.retryable()).isTrue();
                });
    }
}
