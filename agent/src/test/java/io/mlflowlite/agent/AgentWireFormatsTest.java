package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.testing.RecordedRequest;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-step tool-calling conversation (two tools at once, then one, then the answer) in each provider's wire
 * format, through the gateway: what the agent sends back to the model, and the run's trace.
 */
class AgentWireFormatsTest {
    static final String QUERY = "How long do I have to return an item, in hours?";
    static final String ANSWER = "You have 30 days to return an item, which is 720 hours.";

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

    private Agent agent(String model) {
        return harness.agent(model, Calculator.tool(), SearchTool.over(SearchToolTest.HANDBOOK))
                .build();
    }

    /** The body read by the same mapper as the expectations, so numbers compare equal. */
    private static JsonNode body(RecordedRequest request) {
        return Json.read(request.body());
    }

    private static String handbookHits() {
        return SearchTool.over(SearchToolTest.HANDBOOK).invoke("{\"query\":\"return an item days\"}");
    }

    @Test
    void openAiToolCallsAreAnsweredWithToolMessagesNamingEachCallId() {
        harness.answer("openai/search-and-calculate.json")
                .answer("openai/calculate-again.json")
                .answer("openai/answer.json");

        AgentResult result = agent("gpt-4o-mini").run(QUERY);

        assertThat(result.stopReason()).isEqualTo(StopReason.ANSWERED);
        assertThat(result.answer()).isEqualTo(ANSWER);
        JsonNode first = body(harness.upstream.takeRequest());
        assertThat(first.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(first.at("/messages/1/content").asText()).isEqualTo(QUERY);
        assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("calculator");
        assertThat(first.at("/tools/1/function/name").asText()).isEqualTo("search");
        assertThat(first.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("expression");

        JsonNode second = body(harness.upstream.takeRequest()).get("messages");
        assertThat(second).hasSize(5);
        assertThat(second.at("/2/role").asText()).isEqualTo("assistant");
        assertThat(second.at("/2/tool_calls/0/id").asText()).isEqualTo("call_k1Q9ZrP5mW2xT8vL3nB7yD4c");
        assertThat(second.at("/2/tool_calls/1/function/arguments").asText()).isEqualTo("{\"expression\":\"30 * 24\"}");
        assertThat(second.at("/3/role").asText()).isEqualTo("tool");
        assertThat(second.at("/3/tool_call_id").asText()).isEqualTo("call_k1Q9ZrP5mW2xT8vL3nB7yD4c");
        assertThat(Json.read(second.at("/3/content").asText())).isEqualTo(Json.read(handbookHits()));
        assertThat(second.at("/4/tool_call_id").asText()).isEqualTo("call_Fh6sJ0aR4tY1uE9iO2pL5kM8");
        assertThat(second.at("/4/content").asText()).isEqualTo("720");

        JsonNode third = body(harness.upstream.takeRequest()).get("messages");
        assertThat(third).hasSize(7);
        assertThat(third.at("/5/tool_calls/0/id").asText()).isEqualTo("call_Zx8cV5bN2mQ7wE4rT1yU6iO3");
        assertThat(third.at("/6/tool_call_id").asText()).isEqualTo("call_Zx8cV5bN2mQ7wE4rT1yU6iO3");
        assertThat(third.at("/6/content").asText()).isEqualTo("30");

        assertThat(result.totalTokens()).isEqualTo(283 + 421 + 457);
        assertThat(result.cost())
                .isPositive()
                .isEqualByComparingTo(result.modelCalls().stream()
                        .map(c -> c.cost().total())
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        assertTraceOf(result, "chat gpt-4o-mini");
    }

    @Test
    void anthropicToolUseIsAnsweredWithToolResultBlocksInOneUserTurn() {
        harness.answer("anthropic/search-and-calculate.json")
                .answer("anthropic/calculate-again.json")
                .answer("anthropic/answer.json");

        AgentResult result = agent("claude-sonnet-4-5").run(QUERY);

        assertThat(result.answer()).isEqualTo(ANSWER);
        RecordedRequest firstRequest = harness.upstream.takeRequest();
        assertThat(firstRequest.path()).isEqualTo("/v1/messages");
        JsonNode first = body(firstRequest);
        assertThat(first.path("system").asText()).startsWith("You answer questions about the shop's handbook.");
        assertThat(first.at("/tools/1/name").asText()).isEqualTo("search");
        assertThat(first.at("/tools/1/input_schema/required/0").asText()).isEqualTo("query");

        JsonNode second = body(harness.upstream.takeRequest()).get("messages");
        assertThat(second).hasSize(3);
        assertThat(second.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(second.at("/1/content/0/text").asText())
                .isEqualTo("I'll look up the return window and convert it to hours.");
        assertThat(second.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(second.at("/1/content/1/id").asText()).isEqualTo("toolu_01Hq8Wc3Nv5Ls2Kd9Rb6Ty4M");
        assertThat(second.at("/1/content/2/input")).isEqualTo(Json.read("{\"expression\":\"30 * 24\"}"));
        JsonNode results = second.at("/2/content");
        assertThat(second.at("/2/role").asText()).isEqualTo("user");
        assertThat(results).hasSize(2);
        assertThat(results.at("/0/type").asText()).isEqualTo("tool_result");
        assertThat(results.at("/0/tool_use_id").asText()).isEqualTo("toolu_01Hq8Wc3Nv5Ls2Kd9Rb6Ty4M");
        assertThat(Json.read(results.at("/0/content").asText())).isEqualTo(Json.read(handbookHits()));
        assertThat(results.at("/1/tool_use_id").asText()).isEqualTo("toolu_01Pz4Xe7Fg1Jh5Kq2Mv8Bn3C");
        assertThat(results.at("/1/content").asText()).isEqualTo("720");

        JsonNode third = body(harness.upstream.takeRequest()).get("messages");
        assertThat(third).hasSize(5);
        assertThat(third.at("/4/content/0/tool_use_id").asText()).isEqualTo("toolu_01Dk6Ef2Gh9Ij4Kl7Mn1Op5Q");
        assertThat(third.at("/4/content/0/content").asText()).isEqualTo("30");

        assertThat(result.totalTokens()).isEqualTo((1243 + 131) + (1512 + 58) + (1601 + 21));
        assertTraceOf(result, "chat claude-sonnet-4-5");
    }

    @Test
    void geminiFunctionCallsAreAnsweredWithFunctionResponsesByName() {
        harness.answer("gemini/search-and-calculate.json")
                .answer("gemini/calculate-again.json")
                .answer("gemini/answer.json");

        AgentResult result = agent("gemini-2.5-flash").run(QUERY);

        assertThat(result.answer()).isEqualTo(ANSWER);
        RecordedRequest firstRequest = harness.upstream.takeRequest();
        assertThat(firstRequest.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        JsonNode first = body(firstRequest);
        assertThat(first.at("/systemInstruction/parts/0/text").asText()).startsWith("You answer questions");
        assertThat(first.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("calculator");
        assertThat(first.at("/tools/0/functionDeclarations/1/parametersJsonSchema/properties/query/type")
                        .asText())
                .isEqualTo("string");

        JsonNode second = body(harness.upstream.takeRequest()).get("contents");
        assertThat(second).hasSize(3);
        assertThat(second.at("/1/role").asText()).isEqualTo("model");
        assertThat(second.at("/1/parts/0/functionCall/name").asText()).isEqualTo("search");
        assertThat(second.at("/1/parts/1/functionCall/args")).isEqualTo(Json.read("{\"expression\":\"30 * 24\"}"));
        assertThat(second.at("/2/role").asText()).isEqualTo("user");
        assertThat(second.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("search");
        assertThat(second.at("/2/parts/0/functionResponse/response/result")).isEqualTo(Json.read(handbookHits()));
        assertThat(second.at("/2/parts/1/functionResponse/name").asText()).isEqualTo("calculator");
        assertThat(second.at("/2/parts/1/functionResponse/response/result").asInt())
                .isEqualTo(720);

        JsonNode third = body(harness.upstream.takeRequest()).get("contents");
        assertThat(third).hasSize(5);
        assertThat(third.at("/4/parts/0/functionResponse/name").asText()).isEqualTo("calculator");
        assertThat(third.at("/4/parts/0/functionResponse/response/result").asInt())
                .isEqualTo(30);
        // Gemini sends no call ids: the gateway numbers them per response, and the agent echoes them back
        assertThat(result.toolInvocations())
                .extracting(AgentStep.ToolInvocation::toolCallId)
                .containsExactly("call_0_search", "call_1_calculator", "call_0_calculator");

        assertThat(result.totalTokens()).isEqualTo(342 + 508 + 545);
        assertTraceOf(result, "chat gemini-2.5-flash");
    }

    /** The same run shape in every format: one AGENT root, CHAT_MODEL and TOOL children in order. */
    private void assertTraceOf(AgentResult result, String chatSpan) {
        assertThat(result.steps())
                .extracting(s -> s.getClass().getSimpleName() + " " + s.step())
                .containsExactly(
                        "ModelCall 1",
                        "ToolInvocation 1",
                        "ToolInvocation 1",
                        "ModelCall 2",
                        "ToolInvocation 2",
                        "ModelCall 3");
        assertThat(result.toolErrors()).isEmpty();
        assertThat(result.promptVersion().version()).isEqualTo(1);

        Trace trace = result.trace();
        assertThat(trace.traceId()).isEqualTo(result.traceId().orElseThrow());
        assertThat(trace.info().state()).isEqualTo(TraceState.OK);
        assertThat(AgentHarness.tree(trace))
                .containsExactly(
                        "AGENT support OK",
                        "  CHAT_MODEL " + chatSpan + " OK",
                        "  TOOL search OK",
                        "  TOOL calculator OK",
                        "  CHAT_MODEL " + chatSpan + " OK",
                        "  TOOL calculator OK",
                        "  CHAT_MODEL " + chatSpan + " OK");
        Span root = trace.root().orElseThrow();
        assertThat(root.inputs()).isEqualTo(Json.read("{\"query\": \"" + QUERY + "\"}"));
        assertThat(root.outputs().asText()).isEqualTo(ANSWER);
        assertThat(root.attribute("mlflowlite.agent.name")).hasValue("support");
        assertThat(root.attribute("mlflowlite.agent.prompt")).hasValue("prompts:/agent.support/1");
        assertThat(root.attribute("mlflowlite.agent.steps")).hasValue(3L);
        assertThat(root.attribute("mlflowlite.agent.tool_calls")).hasValue(3L);
        assertThat(root.attribute("mlflowlite.agent.stop_reason")).hasValue("ANSWERED");

        List<Span> tools = AgentHarness.toolSpans(trace);
        assertThat(tools.get(0).inputs()).isEqualTo(Json.read("{\"query\":\"return an item days\"}"));
        assertThat(tools.get(0).outputs()).isEqualTo(Json.read(handbookHits()));
        assertThat(tools.get(1).inputs()).isEqualTo(Json.read("{\"expression\":\"30 * 24\"}"));
        assertThat(tools.get(1).outputs().asInt()).isEqualTo(720);
        assertThat(tools.get(2).outputs().asInt()).isEqualTo(30);
        assertThat(tools).allSatisfy(s -> assertThat(s.status()).isEqualTo(SpanStatus.OK));
        assertThat(tools.get(1).attribute("gen_ai.tool.call.id"))
                .hasValue(result.toolInvocations().get(1).toolCallId());

        assertThat(Json.read(trace.info().tags().get(PromptVersion.LINKED_PROMPTS)))
                .isEqualTo(Json.read("[{\"name\":\"agent.support\",\"version\":\"1\"}]"));
        assertThat(trace.info().tags()).containsEntry("mlflowlite.agent", "support");
        assertThat(trace.totalTokens()).isEqualTo(result.totalTokens());
        assertThat(trace.cost()).isEqualByComparingTo(result.cost());
        assertThat(trace.summary())
                .startsWith(trace.traceId() + "  OK  ")
                .contains("TOOL")
                .contains("calculator");
    }
}
