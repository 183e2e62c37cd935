package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceState;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tool failures are answered to the model, which carries on; the step limit and a failed model call end the run
 * with a result, not an exception. OpenAI's wire format throughout (the other formats carry tool results the
 * same way, see {@link AgentWireFormatsTest}).
 */
class AgentFailuresTest {
    record Sku(String sku) {}

    record NoArguments() {}

    @TempDir
    Path spill;

    private AgentHarness harness;
    private final AtomicInteger stockCalls = new AtomicInteger();

    @BeforeEach
    void start() {
        harness = new AgentHarness(spill);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Agent agent() {
        Tool stock = Tool.of("stock", "Units in stock for a SKU", Sku.class, sku -> {
            stockCalls.incrementAndGet();
            throw new IllegalStateException("warehouse offline");
        });
        Tool report = Tool.of("report", "Today's sales report", NoArguments.class, none -> new Object());
        return harness.agent("gpt-4o-mini", Calculator.tool(), stock, report).build();
    }

    /** Runs one failing call then the model's recovery; returns the result and the tool message sent back. */
    private AgentResult runFailing(String fixture) {
        harness.answer("openai/" + fixture).answer("openai/recover.json");
        AgentResult result = agent().run("Help me");
        harness.upstream.takeRequest();
        JsonNode messages = Json.read(harness.upstream.takeRequest().body()).get("messages");
        sentBack = messages.get(messages.size() - 1);
        return result;
    }

    private JsonNode sentBack;

    private static void assertRecovered(AgentResult result, ToolError.Kind kind, String message) {
        assertThat(result.stopReason()).isEqualTo(StopReason.ANSWERED);
        assertThat(result.answer()).isEqualTo("I could not use that tool, sorry.");
        assertThat(result.toolErrors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.message()).isEqualTo(message);
            assertThat(e.step()).isEqualTo(1);
        });
        assertThat(result.toolInvocations()).singleElement().satisfies(t -> {
            assertThat(t.failed()).isTrue();
            assertThat(t.result()).isEqualTo("Error: " + message);
        });
        Trace trace = result.trace();
        assertThat(trace.info().state()).isEqualTo(TraceState.OK); // the run recovered
        Span tool = AgentHarness.toolSpans(trace).get(0);
        assertThat(tool.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(tool.statusMessage()).isEqualTo(message);
        assertThat(tool.attribute("mlflowlite.tool.error_kind")).hasValue(kind.name());
        assertThat(tool.outputs().asText()).isEqualTo("Error: " + message);
        assertThat(tool.events()).extracting(e -> e.name()).contains("exception");
        assertThat(trace.root().orElseThrow().attribute("mlflowlite.agent.tool_errors"))
                .hasValue(1L);
    }

    @Test
    void anUnknownToolIsReportedToTheModelWithTheToolsThereAre() {
        AgentResult result = runFailing("call-unknown-tool.json");

        String message = "There is no tool named 'weather'; the tools are calculator, stock, report";
        assertThat(sentBack.path("role").asText()).isEqualTo("tool");
        assertThat(sentBack.path("tool_call_id").asText()).isEqualTo("call_Wt4Hq7Nc2Lp9Xs5Rb8Mv1Ky3");
        assertThat(sentBack.path("content").asText()).isEqualTo("Error: " + message);
        assertRecovered(result, ToolError.Kind.UNKNOWN_TOOL, message);
        Span tool = AgentHarness.toolSpans(result.trace()).get(0);
        assertThat(tool.name()).isEqualTo("weather");
        assertThat(tool.inputs()).isEqualTo(Json.read("{\"city\":\"Paris\"}"));
    }

    @Test
    void argumentsThatAreNotJsonAreReportedAndTheTextIsKeptOnTheSpan() {
        AgentResult result = runFailing("call-with-invalid-json.json");

        assertThat(sentBack.path("content").asText())
                .startsWith("Error: The arguments of calculator are not valid JSON (");
        assertRecovered(
                result,
                ToolError.Kind.INVALID_ARGUMENTS,
                sentBack.path("content").asText().substring(7));
        assertThat(AgentHarness.toolSpans(result.trace()).get(0).inputs().asText())
                .isEqualTo("{\"expression\": \"2 +");
    }

    @Test
    void argumentsFailingTheSchemaAreReportedWithEveryProblem() {
        AgentResult result = runFailing("call-with-wrong-arguments.json");

        String message = "The arguments of calculator do not match its parameters schema: $.expression is required; "
                + "$.expr is not an argument of this tool; its arguments are expression; $.precision is not an "
                + "argument of this tool; its arguments are expression";
        assertThat(sentBack.path("content").asText()).isEqualTo("Error: " + message);
        assertRecovered(result, ToolError.Kind.INVALID_ARGUMENTS, message);
    }

    @Test
    void aToolThatThrowsIsReportedAndTheRunGoesOn() {
        AgentResult result = runFailing("call-failing-tool.json");

        String message = "stock failed: IllegalStateException: warehouse offline";
        assertThat(sentBack.path("content").asText()).isEqualTo("Error: " + message);
        assertThat(stockCalls).hasValue(1);
        assertRecovered(result, ToolError.Kind.TOOL_FAILED, message);
        assertThat(AgentHarness.toolSpans(result.trace()).get(0).events().get(0).attributes())
                .containsEntry("exception.type", "java.lang.IllegalStateException")
                .containsEntry("exception.message", "warehouse offline");
    }

    @Test
    void aResultThatCannotBeSerializedIsReported() {
        AgentResult result = runFailing("call-unserializable-tool.json");

        assertThat(sentBack.path("content").asText())
                .startsWith("Error: report returned a java.lang.Object that cannot be serialized to JSON: ");
        assertRecovered(
                result,
                ToolError.Kind.UNSERIALIZABLE_RESULT,
                sentBack.path("content").asText().substring(7));
    }

    @Test
    void callsWithoutIdsGetDistinctIdsThatTheToolMessagesAnswer() {
        harness.answer("openai/calls-without-ids.json").answer("openai/recover.json");

        AgentResult result = agent().run("6*7 and 2^10?");

        harness.upstream.takeRequest();
        JsonNode messages = Json.read(harness.upstream.takeRequest().body()).get("messages");
        assertThat(messages.at("/2/tool_calls/0/id").asText()).isEqualTo("call_1_0");
        assertThat(messages.at("/2/tool_calls/1/id").asText()).isEqualTo("call_1_1");
        assertThat(messages.at("/3/tool_call_id").asText()).isEqualTo("call_1_0");
        assertThat(messages.at("/3/content").asText()).isEqualTo("42");
        assertThat(messages.at("/4/tool_call_id").asText()).isEqualTo("call_1_1");
        assertThat(messages.at("/4/content").asText()).isEqualTo("1024");
        assertThat(result.modelCalls().get(0).toolCalls())
                .extracting(c -> c.id())
                .containsExactly("call_1_0", "call_1_1");
    }

    @Test
    void theStepLimitEndsTheRunWithItsPartialStepsAndLeavesTheLastCallsUnrun() {
        harness.answer("openai/search-and-calculate.json").answer("openai/calculate-again.json");
        Agent agent = harness.agent("gpt-4o-mini", Calculator.tool(), SearchTool.over(SearchToolTest.HANDBOOK))
                .maxSteps(2)
                .build();

        AgentResult result = agent.run("How long?");

        assertThat(result.stopReason()).isEqualTo(StopReason.STEP_LIMIT);
        assertThat(result.answer()).isEmpty();
        assertThat(harness.upstream.requestCount()).isEqualTo(2);
        assertThat(result.steps())
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("ModelCall", "ToolInvocation", "ToolInvocation", "ModelCall");
        assertThat(result.modelCalls().get(1).toolCalls())
                .extracting(c -> c.arguments())
                .containsExactly("{\"expression\":\"720 / 24\"}"); // asked for, never run
        assertThat(result.totalTokens()).isEqualTo(283 + 421);
        Trace trace = result.trace();
        assertThat(trace.info().state()).isEqualTo(TraceState.ERROR);
        Span root = trace.root().orElseThrow();
        assertThat(root.statusMessage()).isEqualTo("Step limit reached: 2 model calls without a final answer");
        assertThat(root.attribute("mlflowlite.agent.stop_reason")).hasValue("STEP_LIMIT");
        assertThat(AgentHarness.toolSpans(trace)).hasSize(2);
    }

    @Test
    void aFailedModelCallEndsTheRunWithTheErrorAndThePartialWork() {
        harness.answer("openai/search-and-calculate.json");
        harness.upstream.enqueue(MockResponse.json(400, Fixtures.text("openai/error-400.json")));
        Agent agent = harness.agent("gpt-4o-mini", Calculator.tool(), SearchTool.over(SearchToolTest.HANDBOOK))
                .build();

        AgentResult result = agent.run("How long?");

        assertThat(result.stopReason()).isEqualTo(StopReason.ERROR);
        assertThat(result.error())
                .hasValueSatisfying(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                ProviderException.class,
                                p -> assertThat(p.status()).isEqualTo(400)));
        assertThat(result.steps())
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("ModelCall", "ToolInvocation", "ToolInvocation");
        assertThat(result.totalTokens()).isEqualTo(283);
        assertThatThrownBy(result::throwIfFailed).isSameAs(result.error().orElseThrow());
        Trace trace = result.trace();
        assertThat(trace.info().state()).isEqualTo(TraceState.ERROR);
        assertThat(AgentHarness.tree(trace))
                .containsExactly(
                        "AGENT support ERROR",
                        "  CHAT_MODEL chat gpt-4o-mini OK",
                        "  TOOL search OK",
                        "  TOOL calculator OK",
                        "  CHAT_MODEL chat gpt-4o-mini ERROR");
        assertThat(trace.root().orElseThrow().attribute("mlflowlite.agent.stop_reason"))
                .hasValue("ERROR");
        assertThat(trace.root().orElseThrow().events())
                .extracting(e -> e.name())
                .containsExactly("exception");
    }

    @Test
    void aRequestTheGatewayRejectsEndsTheRunAsErrorBeforeAnyNetworkCall() {
        Agent agent = harness.agent("gpt-4o-mini", Calculator.tool())
                .requestOptions(b -> b.temperature(7.0))
                .build();

        AgentResult result = agent.run("hi");

        assertThat(result.stopReason()).isEqualTo(StopReason.ERROR);
        assertThat(result.error())
                .hasValueSatisfying(e -> assertThat(e)
                        .isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("temperature"));
        assertThat(result.steps()).isEmpty();
        assertThat(harness.upstream.requestCount()).isZero();
        assertThat(result.trace().info().state()).isEqualTo(TraceState.ERROR);
    }
}
