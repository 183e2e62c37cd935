package io.mlflowlite.store;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick, informational measure of the write path (not a test): batches of realistic traces (4 spans each)
 * written by one thread, as the trace writer does, into a temp SQLite file and an embedded PostgreSQL.
 *
 * <pre>
 * mvn -q -o -pl store -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/store-cp.txt -DincludeScope=test
 * java -cp store/target/test-classes:store/target/classes:$(cat /tmp/store-cp.txt) io.mlflowlite.store.WriteThroughput [batches] [batchSize]
 * </pre>
 */
public final class WriteThroughput {
    private WriteThroughput() {}

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = Files.createTempDirectory("mlflowlite-bench");
        measure("sqlite", "jdbc:sqlite:" + dir.resolve("bench.db"), batches, batchSize);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            measure(
                    "postgresql",
                    "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres",
                    batches,
                    batchSize);
        }
    }

    private static void measure(String name, String url, int batches, int batchSize) {
        List<List<Trace>> work = new ArrayList<>();
        for (int b = 0; b < batches + 5; b++) {
            List<Trace> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                batch.add(Traces.chat()
                        .failedAttempts(2)
                        .start(Traces.T0.plusMillis(b * (long) batchSize + i))
                        .build());
            }
            work.add(batch);
        }
        try (TraceStore store = TraceStores.open(url)) {
            work.subList(0, 5).forEach(store::write); // warm-up: JIT, statement caches
            long spans = 0;
            long start = System.nanoTime();
            for (List<Trace> batch : work.subList(5, work.size())) {
                store.write(batch);
                spans += batch.stream().mapToLong(t -> t.spans().size()).sum();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%-10s %d traces, %d spans in %.2f s: %.0f traces/s, %.0f spans/s%n",
                    name, batches * batchSize, spans, seconds, batches * batchSize / seconds, spans / seconds);
        }
    }
}
