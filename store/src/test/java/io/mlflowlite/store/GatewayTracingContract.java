package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.BatchResult;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.TraceWriterStats;
import io.mlflowlite.tracing.Tracing;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The whole path, gateway call to database row, under load: every call is a stored trace, every token and cent counted. */
interface GatewayTracingContract extends StoreAccess {
    int CALLS = 10_000;

    @Test
    default void tenThousandConcurrentCallsAreTenThousandTracesWithExactTokenAndCostTotals() throws Exception {
        Tracing tracing = Tracing.builder()
                .store(store())
                .spillDir(Files.createTempDirectory("spill"))
                .build();
        List<ChatRequest> requests = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            requests.add(ChatRequest.builder()
                    .model(i % 2 == 0 ? "mock/mini" : "mock/pro")
                    .addUserMessage("Question " + i + ": what is the capital of France?")
                    .build());
        }
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .batchConcurrency(256)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            List<BatchResult> results = gateway.batchCompletion(requests);

            long input = 0;
            long output = 0;
            BigDecimal cost = BigDecimal.ZERO;
            for (BatchResult result : results) {
                ChatResponse r = result.getOrThrow();
                input += r.usage().promptTokens();
                output += r.usage().completionTokens();
                cost = cost.add(r.cost().total());
            }
            tracing.flush(Duration.ofMinutes(2));
            TraceWriterStats stats = tracing.stats();

            assertThat(stats.dropped()).isZero();
            assertThat(number("SELECT COUNT(*) FROM traces")).isEqualTo(CALLS);
            assertThat(number("SELECT COUNT(*) FROM spans")).isEqualTo(2L * CALLS);
            assertThat(number("SELECT SUM(input_tokens) FROM traces")).isEqualTo(input);
            assertThat(number("SELECT SUM(output_tokens) FROM traces")).isEqualTo(output);
            List<String> costs = Jdbi.create(url())
                    .withHandle(h -> h.createQuery("SELECT CAST(cost AS VARCHAR(64)) FROM traces")
                            .mapTo(String.class)
                            .list());
            BigDecimal stored = costs.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(stored).isEqualByComparingTo(cost).isPositive();
        } finally {
            tracing.close(); // flushes, stops the writer thread, closes the store (closing twice is harmless)
        }
    }
}
