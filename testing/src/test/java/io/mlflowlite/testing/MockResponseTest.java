package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockResponseTest {

    @Test
    void modifiersReturnNewResponsesAndLeaveTheOriginalAlone() {
        MockResponse plain = MockResponse.json(429, "{}");
        MockResponse limited = plain.header("retry-after", "2");

        assertThat(plain.hasHeader("retry-after")).isFalse();
        assertThat(limited.hasHeader("Retry-After")).isTrue();
    }

    @Test
    void rejectsHeadersThatWouldBreakFraming() {
        assertThatThrownBy(() -> MockResponse.json(200, "{}").header("x", "a\r\nInjected: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockResponse.json(200, "{}").header("bad name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faultResponsesRefuseModifiersThatNeedAResponse() {
        assertThatThrownBy(() -> MockResponse.fault(Fault.RESET).header("x", "y"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fault(RESET)");
        assertThat(MockResponse.fault(Fault.STALL).headersDelay(Duration.ofMillis(1)))
                .isNotNull();
    }

    @Test
    void rejectsNegativeDelaysAndImpossibleStatuses() {
        assertThatThrownBy(() -> MockResponse.sse().eventDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockResponse.json(42, "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
