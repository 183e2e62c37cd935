package io.mlflowlite.provider.gemini;

import static io.mlflowlite.provider.gemini.GeminiFixtures.GEMINI;
import static io.mlflowlite.provider.gemini.GeminiFixtures.body;
import static io.mlflowlite.provider.gemini.GeminiFixtures.call;
import static io.mlflowlite.provider.gemini.GeminiFixtures.deployment;
import static io.mlflowlite.provider.gemini.GeminiFixtures.json;
import static io.mlflowlite.provider.gemini.GeminiFixtures.text;
import static io.mlflowlite.provider.gemini.GeminiFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseMappingTest {
    private MockLlmServer upstream;
    private Deployment deployment;

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
        deployment = deployment(upstream, "gemini-2.5-flash");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private ChatResponse answer(String body) {
        upstream.enqueue(MockResponse.json(200, body));
        return GEMINI.chat(call(ChatRequest.of("gemini/gemini-2.5-flash", "hi"), deployment));
    }

    @Test
    void eachCandidateBecomesAChoiceWithTheResponseIdModelVersionAndUsage() {
        ChatResponse response = answer(text("generate.json"));

        assertThat(response.choices())
                .extracting(Choice::index, c -> c.message().text(), Choice::finishReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "Paris is the capital of France.", FinishReason.STOP),
                        org.assertj.core.groups.Tuple.tuple(1, "The capital of France is Paris.", FinishReason.STOP));
        assertThat(response.id()).isEqualTo("Xl3gZ8DgKJ2kmNAPi7SxsQg");
        assertThat(response.model()).isEqualTo("gemini-2.0-flash");
        assertThat(response.provider()).isEqualTo("gemini");
        assertThat(response.created()).isPositive();
        assertThat(response.usage()).isEqualTo(new Usage(14, 16, 30, 0, 0, 0, false));
        assertThat(response.raw()).contains(json(text("generate.json")));
    }

    @Test
    void functionCallsBecomeToolCallsWithSynthesizedIdsAndFinishReasonToolCalls() {
        JsonNode raw = json(text("generate-function-call.json"));
        String signature =
                raw.at("/candidates/0/content/parts/0/thoughtSignature").asText();

        ChatResponse response = answer(text("generate-function-call.json"));

        assertThat(response.toolCalls())
                .containsExactly(
                        new ToolCall(
                                "call_0_get_weather~" + signature,
                                "get_weather",
                                "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                        new ToolCall("call_1_get_time", "get_time", "{\"timezone\":\"Europe/Paris\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.content()).isEmpty();
        assertThat(response.usage()).isEqualTo(new Usage(96, 41 + 68, 96 + 41 + 68, 0, 0, 68, false));
    }

    @Test
    void toolCallsSentBackCarryTheirThoughtSignatureAndResultsTheirFunctionName() {
        ChatResponse first = answer(text("generate-function-call.json"));
        String signature = json(text("generate-function-call.json"))
                .at("/candidates/0/content/parts/0/thoughtSignature")
                .asText();
        upstream.takeRequest();
        List<Message> conversation = new ArrayList<>(List.of(
                Message.user("Weather and time in Paris?"),
                first.choices().get(0).message()));
        first.toolCalls().forEach(tc -> conversation.add(Message.tool(tc.id(), "{\"ok\": true}")));

        upstream.enqueue(MockResponse.json(200, text("generate.json")));
        GEMINI.chat(call(ChatRequest.builder().model("m").messages(conversation).build(), deployment));

        JsonNode contents = body(upstream.takeRequest()).get("contents");
        assertThat(contents.get(1)).isEqualTo(json("""
                {"role": "model", "parts": [
                  {"functionCall": {"name": "get_weather", "args": {"city": "Paris", "unit": "celsius"}},
                   "thoughtSignature": "%s"},
                  {"functionCall": {"name": "get_time", "args": {"timezone": "Europe/Paris"}}}]}""".formatted(signature)));
        assertThat(contents.get(2).get("parts"))
                .extracting(p -> p.at("/functionResponse/name").asText())
                .containsExactly("get_weather", "get_time");
    }

    @Test
    void thoughtPartsAreLeftOutAndUsageCountsThoughtsAsCompletionAndCachedAsPrompt() {
        ChatResponse response = answer(text("generate-thoughts-usage.json"));

        assertThat(response.content())
                .isEqualTo("The notice period is 60 days, counted from the written notice (section 4.2).");
        assertThat(response.usage()).isEqualTo(new Usage(4210, 58 + 311, 4579, 4096, 0, 311, false));
        assertThat(response.model()).isEqualTo("gemini-2.5-pro");
    }

    @Test
    void aBlockedPromptIsOneEmptyChoiceFilteredWithTheBilledPromptTokens() {
        ChatResponse response = answer(text("generate-blocked.json"));

        assertThat(response.choices()).hasSize(1);
        assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(response.content()).isEmpty();
        assertThat(response.usage()).isEqualTo(new Usage(638, 0, 638, 0, 0, 0, false));
        assertThat(response.raw()
                        .orElseThrow()
                        .at("/promptFeedback/blockReason")
                        .asText())
                .isEqualTo("PROHIBITED_CONTENT");
    }

    @ParameterizedTest
    @CsvSource({
        "STOP,stop",
        "MAX_TOKENS,length",
        "SAFETY,content_filter",
        "RECITATION,content_filter",
        "BLOCKLIST,content_filter",
        "PROHIBITED_CONTENT,content_filter",
        "SPII,content_filter",
        "IMAGE_SAFETY,content_filter",
        "OTHER,stop",
        "LANGUAGE,stop",
        "MALFORMED_FUNCTION_CALL,stop"
    })
    void finishReasonsMapToOpenAiOnes(String gemini, String openAi) {
        ObjectNode body = tree("generate.json");
        ((ObjectNode) body.at("/candidates/0")).put("finishReason", gemini);

        assertThat(answer(body.toString()).finishReason().wire()).isEqualTo(openAi);
    }

    @Test
    void maxTokensWinsOverToolCalls() {
        ObjectNode body = tree("generate-function-call.json");
        ((ObjectNode) body.at("/candidates/0")).put("finishReason", "MAX_TOKENS");

        assertThat(answer(body.toString()).finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void withoutResponseIdAndModelVersionTheIdIsGeneratedAndTheModelIsTheDeployments() {
        ObjectNode body = tree("generate.json");
        body.remove("responseId");
        body.remove("modelVersion");

        ChatResponse response = answer(body.toString());

        assertThat(response.id()).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
    }
}
