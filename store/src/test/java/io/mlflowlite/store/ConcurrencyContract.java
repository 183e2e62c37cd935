package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceQuery;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Several threads writing batches at once lose nothing, and readers work while they write. */
interface ConcurrencyContract extends StoreAccess {
    int WRITERS = 4;
    int BATCHES = 10;
    int BATCH_SIZE = 25;

    @Test
    default void concurrentWritersLoseNoTraceTokenOrCentWhileReadersRead() throws Exception {
        List<List<Trace>> batches = new ArrayList<>();
        long inputTokens = 0;
        long outputTokens = 0;
        BigDecimal cost = BigDecimal.ZERO;
        int spans = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int b = 0; b < WRITERS * BATCHES; b++) {
            List<Trace> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                long in = random.nextLong(1, 5_000);
                long out = random.nextLong(1, 2_000);
                // Seven decimal places: sums of such values are exact only if nothing on the way is a float.
                BigDecimal dollars = BigDecimal.valueOf(random.nextLong(1, 10_000_000), 7);
                Trace t = Traces.chat()
                        .start(Traces.T0.plusMillis(random.nextLong(0, 3_600_000)))
                        .tokens(in, out)
                        .cost(dollars.toPlainString())
                        .failedAttempts(random.nextInt(0, 3))
                        .experiment("exp-" + (b % 3))
                        .build();
                batch.add(t);
                inputTokens += in;
                outputTokens += out;
                cost = cost.add(dollars);
                spans += t.spans().size();
            }
            batches.add(batch);
        }

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                List<List<Trace>> mine = batches.subList(w * BATCHES, (w + 1) * BATCHES);
                writers.add(pool.submit(() -> {
                    go.await();
                    mine.forEach(batch -> store().write(batch));
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                go.await();
                String known = batches.getFirst().getFirst().traceId();
                while (writing.get() || reads.get() == 0) {
                    store().search(TraceQuery.builder()
                            .experiment("exp-1")
                            .pageSize(50)
                            .build());
                    store().get(known);
                    reads.incrementAndGet();
                }
                return null;
            });
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
            assertThat(reads.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }

        List<TraceInfo> stored =
                all(TraceQuery.builder().pageSize(TraceQuery.MAX_PAGE_SIZE).build());
        assertThat(stored).hasSize(WRITERS * BATCHES * BATCH_SIZE);
        assertThat(stored.stream().mapToLong(TraceInfo::inputTokens).sum()).isEqualTo(inputTokens);
        assertThat(stored.stream().mapToLong(TraceInfo::outputTokens).sum()).isEqualTo(outputTokens);
        assertThat(stored.stream().map(TraceInfo::cost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(cost);
        assertThat(number("SELECT SUM(input_tokens) FROM traces")).isEqualTo(inputTokens);
        assertThat(number("SELECT COUNT(*) FROM spans")).isEqualTo(spans);
        assertThat(number("SELECT COUNT(*) FROM experiments")).isEqualTo(3);
    }
}
