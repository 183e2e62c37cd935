package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in judges against a fake OpenAI upstream on a real socket: requests, parsing, repair, retries, errors. */
class JudgesTest {
    private final JudgeUpstream judge = new JudgeUpstream();

    @AfterEach
    void close() {
        judge.close();
    }

    private Evaluation.Builder evaluation(EvalRow row, Scorer... scorers) {
        return Evaluation.builder()
                .data(Dataset.of(row))
                .scorers(scorers)
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .maxConcurrency(1);
    }

    private static EvalRow paris() {
        return EvalRow.builder()
                .input("question", "What is the capital of France?")
                .outputs("<b>Paris</b> & more")
                .expectedResponse("Paris")
                .expectedFacts(List.of("Paris is the capital", "of France"))
                .build();
    }

    @Test
    void correctnessSendsTaggedSectionsWithAJsonSchemaAndReadsTheVerdictAndRationale() {
        judge.server.enqueue(JudgeUpstream.answer("judge-yes.json"));

        EvaluationResult result = evaluation(paris(), new Correctness()).build().run();

        Feedback feedback = result.row(0).feedback("correctness").orElseThrow();
        assertThat(feedback.status()).isEqualTo(Feedback.Status.OK);
        assertThat(feedback.value()).isEqualTo("yes");
        assertThat(feedback.asBoolean()).contains(true);
        assertThat(feedback.rationale()).isEqualTo("The response names Paris, which matches the expected response.");
        assertThat(feedback.source()).isEqualTo("LLM_JUDGE:openai/gpt-4o-mini");
        assertThat(feedback.scorer()).isEqualTo("correctness");
        assertThat(feedback.metadata()).doesNotContainKey(Feedback.OFFLINE);

        JsonNode sent = judge.server.takeRequest().jsonBody();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).contains("correctness", "reply with ONLY this JSON object");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("""
                <judge>correctness</judge>
                <request>What is the capital of France?</request>
                <response>&lt;b&gt;Paris&lt;/b&gt; &amp; more</response>
                <expected_response>Paris</expected_response>
                <expected_facts>
                - Paris is the capital
                - of France
                </expected_facts>
                """);
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(sent.at("/response_format/json_schema/schema/required").toString())
                .isEqualTo("[\"rationale\",\"result\"]");
        assertThat(sent.at("/response_format/json_schema/schema/properties/result/enum")
                        .toString())
                .isEqualTo("[\"yes\",\"no\"]");
        assertThat(result.run().judgeCalls()).isEqualTo(1);
        // 2,000 prompt and 500 completion tokens at gpt-4o-mini's $0.15 / $0.60 per million
        assertThat(result.run().judgeUsage()).isEqualTo(new EvalUsage(2000, 500, new java.math.BigDecimal("0.000600")));
        assertThat(result.run().appUsage().totalTokens()).isZero();
    }

    @Test
    void aNonJsonAnswerIsRepairedOnceWithTheParseError() {
        judge.server.enqueue(JudgeUpstream.answer("judge-prose.json"));
        judge.server.enqueue(JudgeUpstream.answer("judge-no.json"));

        Feedback feedback = evaluation(paris(), new Correctness())
                .build()
                .run()
                .row(0)
                .feedback("correctness")
                .orElseThrow();

        assertThat(feedback.value()).isEqualTo("no");
        assertThat(feedback.rationale()).isEqualTo("The response says Lyon; the expected response is Paris.");
        assertThat(feedback.metadata()).containsEntry(JudgeCall.REPAIRED, "true");
        judge.server.takeRequest();
        JsonNode repair = judge.server.takeRequest().jsonBody().path("messages");
        assertThat(repair).hasSize(4);
        assertThat(repair.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(repair.get(2).path("content").asText()).startsWith("Sure! The response looks correct");
        assertThat(repair.get(3).path("content").asText()).startsWith("Your answer could not be used: not valid JSON");
        assertThat(judge.server.requestCount()).isEqualTo(2);
    }

    @Test
    void twoInvalidAnswersMakeAnErrorFeedbackNamingBothProblems() {
        judge.server.enqueue(JudgeUpstream.answer("judge-prose.json"));
        judge.server.enqueue(JudgeUpstream.answer("judge-extra-field.json"));

        EvaluationResult result = evaluation(paris(), new Correctness()).build().run();

        Feedback feedback = result.row(0).feedback("correctness").orElseThrow();
        assertThat(feedback.status()).isEqualTo(Feedback.Status.ERROR);
        assertThat(feedback.rationale())
                .startsWith("error: judge openai/gpt-4o-mini answered invalid JSON twice: not valid JSON")
                .endsWith("then unexpected field \"confidence\"; only rationale and result are allowed");
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.run().status()).isEqualTo(EvalStatus.FINISHED);
        assertThat(judge.server.requestCount()).isEqualTo(2);
    }

    @Test
    void aFencedAnswerWithACapitalYesIsAccepted() {
        judge.server.enqueue(JudgeUpstream.answer("judge-fenced.json"));

        Feedback feedback = evaluation(paris(), new Correctness())
                .build()
                .run()
                .row(0)
                .feedback("correctness")
                .orElseThrow();

        assertThat(feedback.value()).isEqualTo("yes");
        assertThat(judge.server.requestCount()).isEqualTo(1);
    }

    @Test
    void a429IsRetriedByThePipelineAndTheFeedbackIsFine() {
        judge.server.enqueue(MockResponse.json(429, Fixtures.text("eval/error-429.json")));
        judge.server.enqueue(JudgeUpstream.answer("judge-yes.json"));

        EvaluationResult result = evaluation(paris(), new Correctness()).build().run();

        assertThat(result.row(0).feedback("correctness").orElseThrow().value()).isEqualTo("yes");
        assertThat(judge.server.requestCount()).isEqualTo(2);
        assertThat(result.run().judgeCalls()).isEqualTo(1);
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void aProviderOutageBecomesAnErrorFeedbackAndTheRunFinishes() {
        judge.server.enqueue(MockResponse.json(500, Fixtures.text("eval/error-500.json")));

        EvaluationResult result = evaluation(paris(), new Correctness())
                .judgeMaxRetries(0)
                .build()
                .run();

        Feedback feedback = result.row(0).feedback("correctness").orElseThrow();
        assertThat(feedback.isError()).isTrue();
        assertThat(feedback.rationale())
                .startsWith("error: judge call to openai/gpt-4o-mini failed: ")
                .contains("500");
        assertThat(result.run().status()).isEqualTo(EvalStatus.FINISHED);
        assertThat(judge.server.requestCount()).isEqualTo(1);
    }

    @Test
    void eachJudgeSendsItsOwnSectionsAndAJudgeModelOfItsOwnWins() {
        List<RecordedRequest> seen = new ArrayList<>();
        judge.server.setDispatcher(request -> {
            synchronized (seen) {
                seen.add(request);
            }
            return JudgeUpstream.verdict("yes", "fine");
        });
        EvalRow row = EvalRow.builder()
                .input("question", "What is the capital of France?")
                .guidelines(List.of("Answer in English"))
                .build();
        PredictFn app = inputs -> {
            Tracer.span(
                    "retrieve",
                    SpanType.RETRIEVER,
                    () -> List.of(Map.of("page_content", "Paris is the capital of France.", "metadata", Map.of())));
            return "Paris.";
        };

        EvaluationResult result = evaluation(
                        row,
                        new Guidelines("tone", List.of("Be polite", "No slang")),
                        new Guidelines(),
                        new RelevanceToQuery(),
                        new Faithfulness(),
                        new Conciseness(),
                        new Safety().withModel("gpt-4o"))
                .predictFn(app)
                .build()
                .run();

        assertThat(result.row(0).feedbacks())
                .extracting(Feedback::name)
                .containsExactly("tone", "guidelines", "relevance_to_query", "faithfulness", "conciseness", "safety");
        assertThat(result.row(0).feedbacks()).allMatch(Feedback::isOk);
        assertThat(result.row(0).feedback("safety").orElseThrow().source()).isEqualTo("LLM_JUDGE:gpt-4o");
        Map<String, String> byJudge = new java.util.HashMap<>();
        Map<String, String> modelByJudge = new java.util.HashMap<>();
        for (RecordedRequest r : seen) {
            String user = r.jsonBody().at("/messages/1/content").asText();
            String tag = user.substring("<judge>".length(), user.indexOf("</judge>"));
            byJudge.merge(tag, user, (a, b) -> a + "||" + b);
            modelByJudge.put(tag, r.jsonBody().path("model").asText());
        }
        assertThat(byJudge.get("guidelines"))
                .contains("- Be polite\n- No slang\n")
                .contains("- Answer in English\n");
        assertThat(byJudge.get("faithfulness"))
                .contains("<context>Paris is the capital of France.</context>")
                .contains("<response>Paris.</response>");
        assertThat(byJudge.get("relevance_to_query"))
                .contains("<request>What is the capital of France?</request>")
                .doesNotContain("<expected");
        assertThat(byJudge).containsKeys("conciseness", "safety");
        assertThat(modelByJudge).containsEntry("safety", "gpt-4o").containsEntry("conciseness", "gpt-4o-mini");
        assertThat(seen).hasSize(6);
    }

    @Test
    void theOfflineJudgeWithoutTheEmbedModuleFailsNamingIt() {
        EvaluationResult result = Evaluation.builder()
                .data(Dataset.of(paris()))
                .scorers(new Correctness())
                .gateway(judge.gateway)
                .judgeModel(JudgeModels.LOCAL)
                .build()
                .run();

        Feedback feedback = result.row(0).feedback("correctness").orElseThrow();
        assertThat(feedback.isError()).isTrue();
        assertThat(feedback.rationale()).contains("local/judge is not available", "io.mlflowlite:mlflowlite-embed");
        assertThat(feedback.metadata()).containsEntry(Feedback.OFFLINE, "true");
        assertThat(result.run().offlineJudging()).isTrue();
        assertThat(result.toTable()).contains("offline judging");
        assertThat(judge.server.requestCount()).isZero();
    }
}
