package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.ask;
import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.UnknownModelException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MockProviderTest {
    private static final Encoding CL100K =
            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private final MockProvider provider = MockCalls.instantProvider();

    @Test
    void answersAKnownQuestionWithItsCanonicalAnswerWhenAccuracyIsOne() {
        MockProvider sure = new MockProvider(MockModels.empty()
                .withModel(
                        "oracle",
                        MockModelSpec.builder().accuracy(1.0).latencyScale(0).build()));
        for (long seed = 0; seed < 20; seed++) {
            assertThat(sure.chat(call("oracle", ask("What is the capital of France?", seed)))
                            .content())
                    .isEqualTo("The capital of France is Paris.");
        }
        for (KnowledgeSet.Fact fact : KnowledgeSet.bundled().facts()) {
            String reply = sure.chat(call("oracle", ask(fact.question(), 7L))).content();
            assertThat(KnowledgeSetTest.mentions(reply, fact.answer()))
                    .as(reply)
                    .isTrue();
        }
    }

    @Test
    void neverGivesTheCanonicalAnswerWhenAccuracyIsZero() {
        MockProvider wrong = new MockProvider(MockModels.empty()
                .withModel(
                        "dunce",
                        MockModelSpec.builder().accuracy(0.0).latencyScale(0).build()));
        for (KnowledgeSet.Fact fact : KnowledgeSet.bundled().facts()) {
            String reply = wrong.chat(call("dunce", ask(fact.question(), 3L))).content();
            assertThat(KnowledgeSetTest.mentions(reply, fact.answer()))
                    .as(reply)
                    .isFalse();
            assertThat(reply).endsWith(".");
        }
    }

    @Test
    void sameModelMessagesAndSeedGiveTheSameAnswer() {
        for (String question : new String[] {"What is the capital of Peru?", "Summarize the causes of inflation"}) {
            ChatResponse first = provider.chat(call("mini", ask(question, 42L)));
            ChatResponse second = provider.chat(call("mini", ask(question, 42L)));
            assertThat(second.content()).isEqualTo(first.content());
            assertThat(second.usage()).isEqualTo(first.usage());
            assertThat(second.id()).isNotEqualTo(first.id());
        }
    }

    @Test
    void differentSeedsVaryTheAnswer() {
        Set<String> answers = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            answers.add(provider.chat(call("mini", ask("In what year did the Titanic sink?", seed)))
                    .content());
        }
        assertThat(answers).hasSizeGreaterThan(1).contains("That was in 1912.");
    }

    @Test
    void unknownQuestionGetsAClearlySimulatedReplyNamingTheTopic() {
        ChatResponse response =
                provider.chat(call("balanced", ask("Explain how vaccines train the immune system.", 1L)));
        assertThat(response.content())
                .contains("mock/balanced")
                .containsIgnoringCase("simulated")
                .contains("\"vaccines train the immune system\"");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void imageInputIsAcknowledgedAndCountedInPromptTokens() {
        ChatRequest withImage = ChatRequest.builder()
                .model("mock/mini")
                .addMessage(Message.user(
                        ContentPart.text("What is in this picture?"), ContentPart.image("https://example.com/cat.png")))
                .build();
        ChatResponse response = provider.chat(call("mini", withImage));
        assertThat(response.content()).contains("the attached image");
        assertThat(response.usage().promptTokens())
                .isEqualTo(3 + 3 + CL100K.countTokens("What is in this picture?") + 85);
    }

    @Test
    void echoRepeatsTheLastUserMessage() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/echo")
                .addSystemMessage("You are terse.")
                .addUserMessage("first")
                .addMessage(Message.assistant("ok"))
                .addUserMessage("Repeat me, exactly: 1, 2, 3!")
                .build();
        assertThat(provider.chat(call("echo", request)).content()).isEqualTo("Repeat me, exactly: 1, 2, 3!");
    }

    @Test
    void responseIsOpenAiShapedWithProviderUsage() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/mini")
                .addSystemMessage("Answer briefly.")
                .addUserMessage("What is the chemical symbol for gold?")
                .seed(5L)
                .build();
        ChatResponse response = provider.chat(call("mini", request));

        assertThat(response.id()).matches("chatcmpl-mock-[0-9a-f]{24}");
        assertThat(response.created()).isPositive();
        assertThat(response.model()).isEqualTo("mini");
        assertThat(response.provider()).isEqualTo("mock");
        assertThat(response.raw()).isEmpty();
        assertThat(response.choices()).hasSize(1);
        assertThat(response.choices().get(0).message().role().wireName()).isEqualTo("assistant");

        int expectedPrompt = 3
                + (3 + CL100K.countTokens("Answer briefly."))
                + (3 + CL100K.countTokens("What is the chemical symbol for gold?"));
        assertThat(response.usage().promptTokens()).isEqualTo(expectedPrompt);
        assertThat(response.usage().completionTokens()).isEqualTo(CL100K.countTokens(response.content()));
        assertThat(response.usage().totalTokens())
                .isEqualTo(expectedPrompt + response.usage().completionTokens());
        assertThat(response.usage().estimated()).isFalse();
    }

    @Test
    void nGivesThatManyIndexedChoicesAndCountsTheirTokens() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/mini")
                .addUserMessage("Who wrote War and Peace?")
                .n(4)
                .seed(9L)
                .build();
        ChatResponse response = provider.chat(call("mini", request));
        assertThat(response.choices()).extracting(Choice::index).containsExactly(0, 1, 2, 3);
        int completion = response.choices().stream()
                .mapToInt(c -> CL100K.countTokens(c.message().text()))
                .sum();
        assertThat(response.usage().completionTokens()).isEqualTo(completion);
        assertThat(response.choices().get(0).message().text())
                .isEqualTo(
                        provider.chat(call("mini", request.toBuilder().n(null).build()))
                                .content());
    }

    @Test
    void maxTokensSmallerThanTheAnswerTruncatesWithLength() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/pro")
                .addUserMessage("Describe the history of the printing press")
                .maxTokens(5)
                .seed(1L)
                .build();
        ChatResponse full =
                provider.chat(call("pro", request.toBuilder().maxTokens(null).build()));
        ChatResponse cut = provider.chat(call("pro", request));

        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(cut.usage().completionTokens()).isEqualTo(5);
        assertThat(full.content()).startsWith(cut.content());
        assertThat(cut.content()).isNotEqualTo(full.content());
        assertThat(full.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void modelOutputLimitAlsoTruncates() {
        MockProvider tiny = new MockProvider(MockModels.empty()
                .withModel(
                        "tiny",
                        MockModelSpec.builder()
                                .maxOutputTokens(3)
                                .latencyScale(0)
                                .build()));
        ChatResponse response = tiny.chat(call("tiny", ask("Tell me a long story about dragons", 1L)));
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void stopSequenceEndsTheAnswerBeforeIt() {
        ChatRequest request = ChatRequest.builder()
                .model("mock/echo")
                .addUserMessage("alpha beta END gamma")
                .stop("END")
                .build();
        ChatResponse response = provider.chat(call("echo", request));
        assertThat(response.content()).isEqualTo("alpha beta ");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void unknownModelIsAnInvalidRequestListingTheSimulatedModels() {
        assertThatThrownBy(() -> provider.chat(call("gpt-4o", ask("hi", null))))
                .isInstanceOf(UnknownModelException.class)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("mini, balanced, pro, next, flaky, echo");
        assertThatThrownBy(() -> provider.stream(call("minis", ask("hi", null))))
                .isInstanceOfSatisfying(
                        UnknownModelException.class,
                        e -> assertThat(e.closeMatches()).containsExactly("mock/mini"));
    }

    @Test
    void invalidRequestsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> provider.chat(
                        call("mini", ChatRequest.builder().model("mock/mini").build())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("messages"));
        assertThatThrownBy(() -> provider.chat(
                        call("mini", ask("hi", null).toBuilder().n(0).build())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("n"));
        assertThatThrownBy(() -> provider.chat(
                        call("mini", ask("hi", null).toBuilder().maxTokens(0).build())))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("max_tokens"));
    }

    @Test
    void concurrentCallsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        List<KnowledgeSet.Fact> facts = KnowledgeSet.bundled().facts().subList(0, 100);
        List<String> expected = facts.stream()
                .map(f -> provider.chat(call("balanced", ask(f.question(), 3L))).content())
                .toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> facts.stream()
                        .map(f -> provider.chat(call("balanced", ask(f.question(), 3L)))
                                .content())
                        .toList()));
            }
            for (Future<List<String>> run : runs) {
                assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        }
    }

    @Test
    void wireIsMock() {
        assertThat(provider.wire()).isEqualTo("mock");
    }
}
