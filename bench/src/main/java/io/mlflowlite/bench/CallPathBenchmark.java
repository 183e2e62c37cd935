package io.mlflowlite.bench;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.provider.mock.MockProvider;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pipeline adds to a call: the same request to an instant simulated model ({@code mock/echo}),
 * sent straight to the adapter ({@code direct}) or through the gateway with tracing off, on into memory, or on
 * into a real SQLite file (written by the async writer thread, as in production). Sample mode gives p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CallPathBenchmark {
    @Param({"direct", "off", "memory", "sqlite"})
    public String mode;

    private Gateway gateway;
    private Tracing tracing;
    private MockProvider provider;
    private Deployment deployment;
    private ChatRequest request;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        request = ChatRequest.builder()
                .model("mock/echo")
                .addSystemMessage("You are terse.")
                .addUserMessage("What is the capital of France?")
                .build();
        provider = new MockProvider(MockModels.bundled());
        deployment = new Deployment(
                "mock/echo", "mock", "mock", "echo", java.net.URI.create("mock://simulated"), null, Map.of(), null);
        dir = Files.createTempDirectory("mlflowlite-bench");
        TraceStore store = switch (mode) {
            case "sqlite" -> TraceStores.open("jdbc:sqlite:" + dir.resolve("bench.db"));
            default -> new InMemoryTraceStore(10_000);
        };
        tracing = Tracing.builder()
                .enabled(mode.equals("memory") || mode.equals("sqlite"))
                .store(store)
                .spillDir(dir.resolve("spill"))
                .build();
        gateway = Gateway.builder().env(Map.of()).tracing(tracing).build();
    }

    @Benchmark
    public ChatResponse completion() {
        if (mode.equals("direct")) {
            return provider.chat(new ProviderCall(
                    request,
                    deployment,
                    Duration.ofSeconds(30),
                    Deadline.after(TimeSource.SYSTEM, Duration.ofSeconds(30))));
        }
        return gateway.completion(request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gateway.close();
        tracing.flush(Duration.ofSeconds(30));
        System.out.println("\n[" + mode + "] trace writer: " + tracing.stats());
        tracing.close();
    }
}
