package io.mlflowlite.agent;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.pipeline.RetryPolicy;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent tests share: a {@link MockLlmServer} standing in for OpenAI, Anthropic and Gemini at once, a
 * gateway pointed at it (and at the simulated models, without their latency), tracing into memory.
 */
final class AgentHarness implements AutoCloseable {
    final MockLlmServer upstream = MockLlmServer.start();
    final InMemoryTraceStore store = new InMemoryTraceStore(100);
    final Tracing tracing;
    final Gateway gateway;

    AgentHarness(Path spill) {
        tracing = Tracing.builder()
                .store(store)
                .spillDir(spill)
                .experiment("agents")
                .build();
        gateway = Gateway.builder()
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
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .retryPolicy(new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
                .tracing(tracing)
                .build();
    }

    /** Queues the fixture {@code agent/<path>} as a 200 JSON answer. */
    AgentHarness answer(String path) {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("agent/" + path)));
        return this;
    }

    Agent.Builder agent(String model, Tool... tools) {
        return Agent.builder()
                .name("support")
                .model(model)
                .gateway(gateway)
                .systemPrompt("You answer questions about the shop's handbook. Use the tools.")
                .tools(tools);
    }

    /** The span tree under the root as "TYPE name" lines, depth-first in start order, attempts left out. */
    static List<String> tree(Trace trace) {
        List<String> lines = new ArrayList<>();
        walk(trace, trace.root().orElseThrow(), 0, lines);
        return lines;
    }

    private static void walk(Trace trace, Span span, int depth, List<String> lines) {
        if (span.type() == SpanType.LLM) {
            return; // the gateway's per-attempt spans; their own tests cover them
        }
        lines.add("  ".repeat(depth) + span.type() + " " + span.name() + " " + span.status());
        for (Span child : trace.children(span.spanId())) {
            walk(trace, child, depth + 1, lines);
        }
    }

    /** The TOOL spans of a trace, in start order. */
    static List<Span> toolSpans(Trace trace) {
        return trace.spans().stream()
                .filter(s -> s.type() == SpanType.TOOL)
                .sorted(java.util.Comparator.comparingLong(Span::startNanos))
                .toList();
    }

    @Override
    public void close() {
        gateway.close();
        tracing.close();
        upstream.close();
    }
}
