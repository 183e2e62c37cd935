package io.mlflowlite.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@code Mlflowlite.logFeedback}: feedback on a call lands on its trace. */
class LogFeedbackTest {
    @Test
    void feedbackOnAResponseIsAnAssessmentOfItsTrace() {
        InMemoryTraceStore store = new InMemoryTraceStore(10);
        try (Tracing tracing = Tracing.builder().store(store).build();
                Gateway gateway = Gateway.builder().tracing(tracing).build()) {
            Mlflowlite.setGateway(gateway);
            ChatResponse response = Mlflowlite.query("mock/echo", "hello");
            String traceId = response.traceId().orElseThrow();

            Assessment thumbs = Mlflowlite.logFeedback(traceId, "thumbs_up", true);
            Assessment stars = Mlflowlite.logFeedback(traceId, "stars", 4, "good, a bit long");

            assertThat(thumbs.source()).isEqualTo("HUMAN");
            assertThat(stars.feedback().rationale()).isEqualTo("good, a bit long");
            assertThat(store.assessments(traceId)).extracting(Assessment::name).containsExactly("thumbs_up", "stars");
            assertThatThrownBy(() -> Mlflowlite.logFeedback(traceId, "stars", new Object()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Boolean, Number or String");
            assertThatThrownBy(() -> Mlflowlite.logFeedback("tr-" + "0".repeat(31) + "1", "thumbs_up", true))
                    .isInstanceOf(NoSuchElementException.class);
        } finally {
            Mlflowlite.setGateway(null);
        }
    }
}
