package io.mlflowlite.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenEstimatorTest {

    private static final TokenEstimator ESTIMATOR = TokenEstimator.shared();
    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tiktoken is great!",
                "antidisestablishmentarianism",
                "2 + 2 = 4",
                "お誕生日おめでとう",
                "def add(a, b):\n    return a + b\n",
                "Ünïcödé — emoji 🎉 and tabs\t\t"
            })
    void countsTextExactlyAsJtokkitDoesForTheModelsEncoding(String text) {
        assertThat(ESTIMATOR.countText(text, "gpt-4o")).isEqualTo(O200K.countTokens(text));
        assertThat(ESTIMATOR.countText(text, "openai/gpt-5")).isEqualTo(O200K.countTokens(text));
        assertThat(ESTIMATOR.countText(text, "gpt-4")).isEqualTo(CL100K.countTokens(text));
        assertThat(ESTIMATOR.countText(text, "anthropic/claude-sonnet-4-5-20250929"))
                .isEqualTo(CL100K.countTokens(text));
    }

    @Test
    void matchesTheCountsOpenAiPublishes() {
        // tiktoken's documented examples (OpenAI cookbook, "How to count tokens with tiktoken")
        assertThat(ESTIMATOR.countText("tiktoken is great!", "gpt-4o-mini")).isEqualTo(6);
        assertThat(ESTIMATOR.countText("antidisestablishmentarianism", "gpt-4o"))
                .isEqualTo(6);
        assertThat(ESTIMATOR.countText("2 + 2 = 4", "gpt-4")).isEqualTo(7);
        assertThat(ESTIMATOR.countText("お誕生日おめでとう", "gpt-4")).isEqualTo(9);
        assertThat(ESTIMATOR.countText("お誕生日おめでとう", "gpt-4o")).isEqualTo(8);
    }

    @Test
    void picksO200kForNewOpenAiModelsAndCl100kForEverythingElse() {
        for (String model : List.of(
                "gpt-4o",
                "openai/gpt-4o-mini",
                "gpt-4.1-nano",
                "gpt-5",
                "gpt-5.1",
                "o1",
                "o3-mini",
                "openai/o4-mini",
                "OpenAI/GPT-4o")) {
            assertThat(ESTIMATOR.encodingName(model)).as(model).isEqualTo("o200k_base");
        }
        for (String model : List.of(
                "gpt-4",
                "gpt-4-turbo",
                "gpt-3.5-turbo",
                "mistral/mistral-large-latest",
                "gemini/gemini-2.5-pro",
                "mock/mini",
                "text-embedding-3-small")) {
            assertThat(ESTIMATOR.encodingName(model)).as(model).isEqualTo("cl100k_base");
        }
    }

    @Test
    void unknownOrMissingModelStillGetsACount() {
        String text = "The quick brown fox jumps over the lazy dog.";

        assertThat(ESTIMATOR.countText(text, "acme/unreleased-model-9000")).isEqualTo(CL100K.countTokens(text));
        assertThat(ESTIMATOR.countText(text, null)).isEqualTo(CL100K.countTokens(text));
        assertThat(ESTIMATOR.countText(null, "gpt-4o")).isZero();
        assertThat(ESTIMATOR.countText("", "gpt-4o")).isZero();
    }

    @Test
    void textThatLooksLikeASpecialTokenOrIsBrokenUnicodeDoesNotFail() {
        assertThat(ESTIMATOR.countText("before <|endoftext|> after", "gpt-4o"))
                .isEqualTo(O200K.countTokensOrdinary("before <|endoftext|> after"));
        assertThat(ESTIMATOR.countText("lone surrogate \uD800 here", "gpt-4"))
                .isEqualTo(CL100K.countTokens("lone surrogate \uFFFD here"));
        assertThat(ESTIMATOR.countText("cut emoji \uD83C", "gpt-4o")).isEqualTo(O200K.countTokens("cut emoji \uFFFD"));
        assertThat(ESTIMATOR.countText("\uDF89 then a whole one \uD83C\uDF89", "gpt-4o"))
                .isEqualTo(O200K.countTokens("\uFFFD then a whole one \uD83C\uDF89"));
    }

    @Test
    void eachMessageAddsItsFramingAndTheReplyIsPrimed() {
        int hello = O200K.countTokens("hello");
        int user = O200K.countTokens("user");

        assertThat(ESTIMATOR.countMessages(List.of(Message.user("hello")), "gpt-4o"))
                .isEqualTo(3 + user + hello + 3);
        assertThat(ESTIMATOR.countMessages(List.of(Message.user("hello"), Message.user("hello")), "gpt-4o"))
                .isEqualTo(2 * (3 + user + hello) + 3);
        assertThat(ESTIMATOR.countMessages(List.of(), "gpt-4o")).isZero();
    }

    @Test
    void imagePartsCountTheLowDetailEstimate() {
        Message withImage =
                Message.user(ContentPart.text("what is this?"), ContentPart.image("https://example.com/cat.png"));

        assertThat(ESTIMATOR.countMessages(List.of(withImage), "gpt-4o"))
                .isEqualTo(3 + O200K.countTokens("user") + O200K.countTokens("what is this?") + 85 + 3);
    }

    @Test
    void toolCallsCountTheirNameAndArguments() {
        Message call = Message.assistant(null, List.of(new ToolCall("call_1", "add", "{\"a\":1,\"b\":2}")));

        assertThat(ESTIMATOR.countMessages(List.of(call), "gpt-4o"))
                .isEqualTo(3
                        + O200K.countTokens("assistant")
                        + O200K.countTokens("add")
                        + O200K.countTokens("{\"a\":1,\"b\":2}")
                        + 3);
    }

    @Test
    void conversationMatchesThePromptTokensOpenAiReported() throws IOException {
        JsonNode fixture = fixture("openai-cookbook-messages.json");
        ChatRequest request = request(fixture.get("request"));

        for (Map.Entry<String, JsonNode> reported :
                fixture.get("prompt_tokens_reported_by_the_api").properties()) {
            assertThat(ESTIMATOR.countMessages(request.messages(), reported.getKey()))
                    .as(reported.getKey())
                    .isEqualTo(reported.getValue().asInt());
        }
    }

    @Test
    void toolDefinitionsMatchThePromptTokensOpenAiReported() throws IOException {
        JsonNode fixture = fixture("openai-cookbook-tools.json");
        ChatRequest request = request(fixture.get("request"));

        for (Map.Entry<String, JsonNode> reported :
                fixture.get("prompt_tokens_reported_by_the_api").properties()) {
            assertThat(ESTIMATOR.estimate(request, reported.getKey(), null).promptTokens())
                    .as(reported.getKey())
                    .isEqualTo(reported.getValue().asInt());
        }
    }

    @Test
    void estimateCountsPromptAndOutputAndIsMarkedEstimated() {
        ChatRequest request = ChatRequest.builder()
                .model("openai/gpt-4o")
                .addSystemMessage("Be brief.")
                .addUserMessage("Name a prime number.")
                .build();

        Usage usage = ESTIMATOR.estimate(request, null, "Seven.");

        assertThat(usage.estimated()).isTrue();
        assertThat(usage.promptTokens()).isEqualTo(ESTIMATOR.countMessages(request.messages(), "gpt-4o"));
        assertThat(usage.completionTokens()).isEqualTo(O200K.countTokens("Seven."));
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(usage.cachedTokens()).isZero();
        assertThat(ESTIMATOR
                        .estimate(request, "mistral/mistral-small-latest", null)
                        .completionTokens())
                .isZero();
        assertThat(ESTIMATOR.estimate(null, null, null)).isEqualTo(new Usage(0, 0, 0, 0, 0, 0, true));
    }

    @Test
    void givesTheSameCountsFromManyThreads() throws Exception {
        String text = "Concurrency should not change how many tokens a sentence has. ".repeat(20);
        int expected = O200K.countTokens(text);
        List<Future<Integer>> counts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                counts.add(pool.submit(() -> ESTIMATOR.countText(text, "gpt-4o")));
            }
            for (Future<Integer> count : counts) {
                assertThat(count.get()).isEqualTo(expected);
            }
        }
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = TokenEstimatorTest.class.getResourceAsStream("/cost/" + name)) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Maps the fixture's OpenAI request body (as recorded in the cookbook) onto a ChatRequest. */
    private static ChatRequest request(JsonNode body) {
        ChatRequest.Builder builder = ChatRequest.builder().model("gpt-4o");
        for (JsonNode m : body.get("messages")) {
            builder.addMessage(new Message(
                    Role.fromWire(m.get("role").asText()),
                    List.of(ContentPart.text(m.get("content").asText())),
                    List.of(),
                    null,
                    Json.text(m, "name")));
        }
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode tool : body.path("tools")) {
            JsonNode function = tool.get("function");
            tools.add(ToolDefinition.function(
                    function.get("name").asText(), Json.text(function, "description"), function.get("parameters")));
        }
        return builder.tools(tools).build();
    }
}
