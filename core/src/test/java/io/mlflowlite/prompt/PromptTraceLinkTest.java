package io.mlflowlite.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call rendered from a prompt version carries that version on its trace, under MLflow's tag. */
class PromptTraceLinkTest {
    @TempDir
    Path spill;

    private final InMemoryTraceStore traces = new InMemoryTraceStore(100);
    private Tracing tracing;
    private Gateway gateway;
    private final PromptRegistry registry = PromptRegistry.inMemory();

    private Gateway gateway() {
        tracing = Tracing.builder()
                .store(traces)
                .spillDir(spill)
                .experiment("prompts")
                .build();
        gateway = Gateway.builder().env(Map.of()).tracing(tracing).build();
        return gateway;
    }

    @AfterEach
    void close() {
        if (gateway == null) {
            return;
        }
        gateway.close();
        tracing.close();
    }

    private Trace stored(String traceId) {
        tracing.flush(Duration.ofSeconds(5));
        return traces.get(traceId).orElseThrow();
    }

    @Test
    void aRenderedRequestCarriesTheModelConfigAndItsTraceNamesThePromptVersion() {
        registry.register("greet", PromptTemplate.chat(PromptMessage.user("Hello {{name}}")), "v1");
        PromptVersion v2 = registry.register(PromptDraft.builder(
                        "greet",
                        PromptTemplate.chat(
                                PromptMessage.system("You greet people."), PromptMessage.user("Say hello to {{name}}")))
                .modelConfig("model", "mock/echo")
                .modelConfig("temperature", 0.1)
                .build());
        registry.setAlias("greet", "production", 2);

        ChatRequest request = registry.load("prompts:/greet@production")
                .render(Map.of("name", "Ana"))
                .build();
        assertThat(request.model()).isEqualTo("mock/echo");
        assertThat(request.temperature()).isEqualTo(0.1);
        assertThat(request.messages())
                .extracting(m -> m.text())
                .containsExactly("You greet people.", "Say hello to Ana");

        ChatResponse response = gateway().completion(request);

        Trace trace = stored(response.traceId().orElseThrow());
        assertThat(Json.parse(trace.info().tags().get(PromptVersion.LINKED_PROMPTS), "tag"))
                .isEqualTo(Json.parse("[{\"name\":\"greet\",\"version\":\"" + v2.version() + "\"}]", "expected"));
    }

    @Test
    void twoPromptsRenderedInOneTraceAreBothLinked() {
        PromptVersion a = registry.register(PromptDraft.builder("plan", PromptTemplate.text("Plan {{task}}"))
                .modelConfig("model", "mock/echo")
                .build());
        PromptVersion b = registry.register(PromptDraft.builder("answer", PromptTemplate.text("Answer {{task}}"))
                .modelConfig("model", "mock/echo")
                .build());
        Gateway g = gateway();

        Tracing.setGlobal(tracing);
        String traceId;
        try {
            traceId = Tracer.span("agent", SpanType.AGENT, () -> {
                g.completion(a.render(Map.of("task", "x")).build());
                g.completion(a.render(Map.of("task", "y")).build());
                g.completion(b.render(Map.of("task", "x")).build());
                return Tracer.current().orElseThrow().traceId();
            });
        } finally {
            Tracing.setGlobal(null);
        }

        assertThat(Json.parse(stored(traceId).info().tags().get(PromptVersion.LINKED_PROMPTS), "tag"))
                .isEqualTo(Json.parse(
                        "[{\"name\":\"plan\",\"version\":\"1\"},{\"name\":\"answer\",\"version\":\"1\"}]", "e"));
    }
}
