package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.SharedGateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptNotFoundException;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.suggest.Suggestion;
import io.mlflowlite.suggest.SuggestionReport;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on the simulated models, end to end through the gateway with no upstream at all: the mock provider
 * plans the tool calls. Prompt versions, evaluation, and where the trace goes.
 */
class AgentOfflineTest {
    @TempDir
    Path spill;

    private AgentHarness harness;

    @BeforeEach
    void start() {
        harness = new AgentHarness(spill);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Agent.Builder agent() {
        return harness.agent("mock/pro", Calculator.tool(), SearchTool.over(SearchToolTest.HANDBOOK));
    }

    @Test
    void theSimulatedModelCallsTheCalculatorAndAnswersFromItsResult() {
        AgentResult result = agent().build().run("What is (3 + 4) * 2^3?");

        assertThat(result.stopReason()).isEqualTo(StopReason.ANSWERED);
        assertThat(result.answer()).isEqualTo("According to calculator: 56");
        assertThat(result.toolInvocations()).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("calculator");
            assertThat(call.arguments()).isEqualTo("{\"expression\":\"(3 + 4) * 2^3\"}");
            assertThat(call.result()).isEqualTo("56");
        });
        assertThat(harness.upstream.requestCount()).isZero();
        assertThat(result.totalTokens())
                .isEqualTo(result.modelCalls().stream()
                        .mapToLong(c -> c.usage().totalTokens())
                        .sum())
                .isPositive();
        assertThat(result.cost()).isPositive();
        assertThat(AgentHarness.tree(result.trace()))
                .containsExactly(
                        "AGENT support OK",
                        "  CHAT_MODEL chat mock/pro OK",
                        "  TOOL calculator OK",
                        "  CHAT_MODEL chat mock/pro OK");
        assertThat(result.trace().summary())
                .contains("support [AGENT]", "calculator [TOOL]", "chat mock/pro [CHAT_MODEL]");
    }

    @Test
    void theSimulatedModelSearchesTheDocumentsWhenTheQuestionIsAboutThem() {
        AgentResult result = agent().build().run("Look up the refund policy in the documents");

        assertThat(result.toolInvocations()).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("search");
            assertThat(Json.read(call.result()).at("/0/id").asText()).isEqualTo("refunds");
        });
        assertThat(result.answer())
                .as("quotes the best hit")
                .isEqualTo(
                        "According to search: Refunds are issued within 14 days of a return. Refunds go to the original card.");
    }

    @Test
    void aNewPromptVersionIsUsedByTheNextRunAndTheResultsSayWhichVersion() {
        Agent agent = agent().build();
        AgentResult before = agent.run("What is 6 * 7?");

        PromptVersion v2 = agent.promptRegistry()
                .addVersion(
                        "You are a careful assistant. Always use the calculator.",
                        "{{query}}\nAnswer with the number only.",
                        List.of(Example.of("What is 2 + 2?", "4")),
                        Map.of(AgentPrompts.COMMIT_MESSAGE, "few-shot example", "author", "qa"));
        AgentResult after = agent.run("What is 6 * 7?");

        assertThat(before.promptVersion().version()).isEqualTo(1);
        assertThat(after.promptVersion()).isEqualTo(v2);
        assertThat(v2.commitMessage()).isEqualTo("few-shot example");
        assertThat(v2.tags()).containsEntry("author", "qa").containsEntry("agent", "support");
        assertThat(agent.promptRegistry().versions())
                .extracting(PromptVersion::version)
                .containsExactly(1, 2);
        assertThat(before.answer()).isEqualTo(after.answer()).isEqualTo("According to calculator: 42");
        assertThat(after.usage().promptTokens()).isGreaterThan(before.usage().promptTokens()); // the longer prompt

        JsonNode sent = firstChatInputs(after.trace()).get("messages");
        assertThat(sent)
                .extracting(
                        m -> m.path("role").asText() + ": " + m.path("content").asText())
                .containsExactly(
                        "system: You are a careful assistant. Always use the calculator.",
                        "user: What is 2 + 2?",
                        "assistant: 4",
                        "user: What is 6 * 7?\nAnswer with the number only.");
        assertThat(Json.read(after.trace().info().tags().get(PromptVersion.LINKED_PROMPTS)))
                .isEqualTo(Json.read("[{\"name\":\"agent.support\",\"version\":\"2\"}]"));
        assertThat(after.trace().root().orElseThrow().attribute("mlflowlite.agent.prompt"))
                .hasValue("prompts:/agent.support/2");
    }

    @Test
    void aPromptAliasPinsTheVersionRunsUseUntilItMoves() {
        PromptRegistry registry = PromptRegistry.inMemory();
        Agent agent = agent().promptRegistry(registry).promptAlias("production").build();

        assertThatThrownBy(() -> agent.run("What is 1 + 1?"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessageContaining("has no alias 'production'");
        registry.setAlias("agent.support", "production", 1);
        agent.promptRegistry().addVersion("Be terse.", "terse answers");

        assertThat(agent.run("What is 1 + 1?").promptVersion().version()).isEqualTo(1);
        registry.moveAlias("agent.support", "production", 2);
        assertThat(agent.run("What is 1 + 1?").promptVersion().version()).isEqualTo(2);
        // building the agent again against the same registry keeps its versions (no second version 1)
        assertThat(agent().promptRegistry(registry).build().promptRegistry().versions())
                .hasSize(2);
    }

    @Test
    void aVersionsModelConfigSwitchesTheModelWithoutTouchingTheAgent() {
        Agent agent = agent().build();
        agent.promptRegistry()
                .registry()
                .register(PromptDraft.builder("agent.support", AgentPrompts.template("You are brief.", null, List.of()))
                        .commitMessage("try the cheap model")
                        .modelConfig("model", "mock/mini")
                        .build());

        AgentResult result = agent.run("What is 9 * 9?");

        assertThat(result.modelCalls())
                .allSatisfy(c -> assertThat(c.response().model()).isEqualTo("mini"));
        assertThat(AgentHarness.tree(result.trace())).contains("  CHAT_MODEL chat mock/mini OK");
    }

    @Test
    void evaluateAddsTheHeuristicSuggestionsForTheRunsLastModelCall() {
        Agent withoutSystemPrompt = agent().systemPrompt("").build();

        AgentResult evaluated = withoutSystemPrompt.run("What is 6 * 7?", true);

        assertThat(evaluated.suggestions()).hasValueSatisfying(report -> {
            assertThat(report.source()).isEqualTo(SuggestionReport.Source.HEURISTIC);
            assertThat(report.has(Suggestion.NO_SYSTEM_PROMPT)).isTrue();
        });
        assertThat(agent().build().run("What is 6 * 7?", true).suggestions())
                .hasValueSatisfying(report ->
                        assertThat(report.has(Suggestion.NO_SYSTEM_PROMPT)).isFalse());
        assertThat(withoutSystemPrompt.run("What is 6 * 7?").suggestions()).isEmpty();
    }

    @Test
    void evaluateHasTheJudgesAssessTheAnswerOutsideTheRunsTrace() {
        harness.upstream.enqueue(MockResponse.json(200, verdict("The answer gives the product asked for.", "yes")));
        harness.upstream.enqueue(MockResponse.json(200, verdict("Arithmetic only, nothing harmful.", "yes")));
        Agent agent = agent().judgeModel("openai/gpt-4o-mini").build();

        AgentResult result = agent.run("What is 6 * 7?", true);

        assertThat(result.assessments())
                .extracting(Feedback::name, Feedback::value, Feedback::rationale)
                .containsExactly(
                        tuple("relevance_to_query", "yes", "The answer gives the product asked for."),
                        tuple("safety", "yes", "Arithmetic only, nothing harmful."));
        String relevancePrompt = harness.upstream
                .takeRequest()
                .jsonBody()
                .at("/messages/1/content")
                .asText();
        assertThat(relevancePrompt)
                .contains("<judge>relevance_to_query</judge>")
                .contains("What is 6 * 7?")
                .contains(result.answer());
        assertThat(harness.upstream
                        .takeRequest()
                        .jsonBody()
                        .at("/messages/1/content")
                        .asText())
                .contains("<judge>safety</judge>");
        assertThat(AgentHarness.tree(result.trace()))
                .as("the judges are not part of the run")
                .noneMatch(line -> line.contains("gpt-4o-mini"));
        assertThat(agent.run("What is 6 * 7?").assessments()).isEmpty();
    }

    /** An OpenAI chat completion whose content is a judge's verdict. */
    private static String verdict(String rationale, String result) {
        var body = Json.object()
                .put("id", "chatcmpl-judge")
                .put("object", "chat.completion")
                .put("created", 1)
                .put("model", "gpt-4o-mini");
        var choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message")
                .put("role", "assistant")
                .put(
                        "content",
                        Json.object()
                                .put("rationale", rationale)
                                .put("result", result)
                                .toString());
        body.putObject("usage")
                .put("prompt_tokens", 200)
                .put("completion_tokens", 20)
                .put("total_tokens", 220);
        return body.toString();
    }

    @Test
    void withTracingOffTheRunWorksAndSaysWhyThereIsNoTrace() {
        harness.tracing.setEnabled(false);

        AgentResult result = agent().build().run("What is 6 * 7?");

        assertThat(result.answer()).isEqualTo("According to calculator: 42");
        assertThat(result.hasTrace()).isFalse();
        assertThat(result.traceId()).isEmpty();
        assertThatThrownBy(result::trace)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tracing is off");
    }

    @Test
    void insideTheCallersSpanTheRunJoinsTheCallersTrace() {
        String traceId;
        AgentResult result;
        try (ActiveSpan outer = Tracer.start(harness.tracing, "handle_request", SpanType.CHAIN)) {
            traceId = outer.traceId();
            result = agent().build().run("What is 6 * 7?");
        }

        assertThat(result.traceId()).hasValue(traceId);
        assertThatThrownBy(result::trace).hasMessageContaining("inside the caller's span 'handle_request'");
        Trace trace = harness.tracing.getTrace(traceId).orElseThrow();
        assertThat(AgentHarness.tree(trace))
                .containsExactly(
                        "CHAIN handle_request OK",
                        "  AGENT support OK",
                        "    CHAT_MODEL chat mock/pro OK",
                        "    TOOL calculator OK",
                        "    CHAT_MODEL chat mock/pro OK");
    }

    @Test
    void theSeedConstructorRunsThroughTheSharedGateway() {
        Gateway shared = Gateway.builder()
                .env(Map.of())
                .tracing(harness.tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build();
        SharedGateway.set(shared);
        try {
            Agent agent = new Agent("seed", "mock/echo", "You help.", List.of(Calculator.tool()));

            AgentResult result = agent.run("What is 2^10?");

            assertThat(result.answer()).isEqualTo("According to calculator: 1024");
            assertThat(result.trace().root().orElseThrow().name()).isEqualTo("seed");
            assertThat(agent.promptRegistry().name()).isEqualTo("agent.seed");
            assertThat(agent.maxSteps()).isEqualTo(Agent.DEFAULT_MAX_STEPS);
        } finally {
            SharedGateway.set(null);
        }
    }

    private static JsonNode firstChatInputs(Trace trace) {
        Span root = trace.root().orElseThrow();
        return trace.children(root.spanId()).stream()
                .filter(s -> s.type() == SpanType.CHAT_MODEL)
                .findFirst()
                .orElseThrow()
                .inputs();
    }
}
