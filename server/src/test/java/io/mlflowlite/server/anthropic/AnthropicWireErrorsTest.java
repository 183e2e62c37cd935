package io.mlflowlite.server.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.CircuitOpenException;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.error.DeadlineExceededException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.server.anthropic.AnthropicWire.ErrorMapping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicWireErrorsTest {

    @Test
    void writesAnthropicsErrorShape() {
        assertThat(json(AnthropicWire.errorJson(529, "overloaded_error", "Overloaded")
                        .toString()))
                .isEqualTo(json("""
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));
        assertThat(AnthropicWire.errorJson(413, null, "too big")
                        .at("/error/type")
                        .asText())
                .isEqualTo("request_too_large");
    }

    @Test
    void anInvalidRequestIsA400() {
        ErrorMapping e =
                AnthropicWire.errorFor(new InvalidRequestException("max_tokens: Field required", "max_tokens"));

        assertThat(e).isEqualTo(new ErrorMapping(400, "invalid_request_error", "max_tokens: Field required", null));
    }

    @Test
    void anUnknownModelIsANotFound() {
        ErrorMapping e = AnthropicWire.errorFor(new UnknownModelException("claude-9", List.of("claude-3"), null));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.type()).isEqualTo("not_found_error");
        assertThat(e.message()).contains("claude-9");
    }

    @Test
    void aRateLimitKeepsItsRetryAfter() {
        ErrorMapping e = AnthropicWire.errorFor(
                new RateLimitedException("openai", "insufficient_quota", null, "slow down", Duration.ofSeconds(7)));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("rate_limit_error");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                // status, upstream type, expected status, expected type
                "529, overloaded_error, 529, overloaded_error",
                "500, api_error, 500, api_error",
                "500, server_error, 500, api_error",
                "503, null, 503, api_error",
                "400, invalid_request_error, 400, invalid_request_error",
                "404, invalid_request_error, 404, not_found_error",
                "413, null, 413, request_too_large",
                "401, authentication_error, 502, api_error",
                "403, permission_error, 502, api_error",
                "200, null, 502, api_error",
            })
    void anUpstreamErrorKeepsItsStatusAndAnAnthropicType(
            int status, String type, int expectedStatus, String expectedType) {
        ErrorMapping e = AnthropicWire.errorFor(
                new ProviderException("openai", status, type, null, "boom", ProviderException.retryableStatus(status)));

        assertThat(e.status()).isEqualTo(expectedStatus);
        assertThat(e.type()).isEqualTo(expectedType);
    }

    @Test
    void gatewayFailuresMapToTheStatusTheirDecisionNeeds() {
        assertThat(AnthropicWire.errorFor(new AttemptTimeoutException("openai", Duration.ofSeconds(2), null)))
                .extracting(ErrorMapping::status, ErrorMapping::type)
                .containsExactly(504, "timeout_error");
        assertThat(AnthropicWire.errorFor(new DeadlineExceededException(Duration.ofSeconds(30), null)))
                .extracting(ErrorMapping::status, ErrorMapping::type)
                .containsExactly(504, "timeout_error");
        assertThat(AnthropicWire.errorFor(new ConnectionException("reset", null)))
                .extracting(ErrorMapping::status, ErrorMapping::type)
                .containsExactly(502, "api_error");
        assertThat(AnthropicWire.errorFor(new MalformedResponseException("truncated")))
                .extracting(ErrorMapping::status, ErrorMapping::type)
                .containsExactly(502, "api_error");
        assertThat(AnthropicWire.errorFor(new CircuitOpenException("openai/gpt-4o", Duration.ofSeconds(5))))
                .extracting(ErrorMapping::status, ErrorMapping::type)
                .containsExactly(503, "api_error");
        assertThat(AnthropicWire.errorFor(new ConfigurationException("Set ANTHROPIC_API_KEY")))
                .extracting(ErrorMapping::status, ErrorMapping::message)
                .containsExactly(503, "Set ANTHROPIC_API_KEY");
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothingInternal() {
        ErrorMapping e = AnthropicWire.errorFor(new NullPointerException("secret internals"));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.type()).isEqualTo("api_error");
        assertThat(e.message()).doesNotContain("secret");
        assertThat(json(e.toJson().toString()).at("/error/type").asText()).isEqualTo("api_error");
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error",
        "401, authentication_error",
        "403, permission_error",
        "404, not_found_error",
        "413, request_too_large",
        "429, rate_limit_error",
        "500, api_error",
        "529, overloaded_error",
        "504, timeout_error",
        "418, invalid_request_error",
        "502, api_error"
    })
    void namesTheErrorTypeForEachStatus(int status, String type) {
        assertThat(AnthropicWire.errorType(status)).isEqualTo(type);
    }
}
