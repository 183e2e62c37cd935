package io.mlflowlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs each documented example on the simulated models, so the docs' code keeps working. */
class ExamplesRunTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theAbTestReportsTheNewModelWorseAtClassification() throws Exception {
        AbTestExample.main(new String[] {"600"});
        assertThat(output())
                .contains("Experiment ticket-triage")
                .contains("next vs current — decision: harm (next is worse on correct")
                .contains("ALWAYS-VALID 95% INTERVAL");
    }

    @Test
    void promptVersioningCallsWhatTheAliasPointsAtAndDiffs() {
        PromptVersioning.main(new String[] {"mock/echo"});
        assertThat(output())
                .contains("prompts:/support/1 -> ")
                .contains("prompts:/support/2 -> ")
                .contains("+ Answer in one sentence.")
                .contains("~ commit_message: first version -> shorter answers");
    }

    @Test
    void agentUsesItsToolsPrintsItsTraceAndComparesPromptVersions() {
        AgentExample.main(new String[] {"mock/echo"});
        assertThat(output())
                .contains("Answer: According to search: Return any item within 30 days of delivery for a full refund.")
                .contains("support [AGENT]")
                .contains("search [TOOL]")
                .contains("chat mock/echo [CHAT_MODEL]")
                .contains("Answer: According to calculator: 720 (3 steps)")
                .containsPattern("prompts:/agent.support/1 +ANSWERED +3 ")
                .containsPattern("prompts:/agent.support/2 +ANSWERED +3 ")
                .contains("Answer with version 2: According to search")
                .contains("judge relevance_to_query: ")
                .contains("judge safety: yes - Offline judge")
                .contains("(heuristics)");
    }

    @Test
    void quickStartAnswersAndPrices() {
        QuickStart.main(new String[] {"mock/echo"});
        assertThat(output()).contains("What is the capital of France?").containsPattern("\\d+ tokens, \\$");
    }

    @Test
    void readmeSnippetAnswersOffline() {
        ReadmeSnippets.main(new String[0]);
        assertThat(output()).contains("Paris").containsPattern("\\d+ tokens  \\$");
    }

    @Test
    void openAiCompatibilityPrintsChatCompletionJson() throws Exception {
        OpenAiCompatibility.main(new String[0]);
        assertThat(output()).contains("\"object\":\"chat.completion\"").contains("finish_reason=");
    }

    @Test
    void endpointsAndRoutesSwitchModelsByEditingTheConfigurationOnly() throws Exception {
        EndpointsAndRoutes.main(new String[0]);
        assertThat(output())
                .contains("v2: 20 calls to 'assistant' served by {mock/pro=20}")
                .contains("Rejected routing configuration")
                .contains("unknown endpoint 'assistant-strong' (did you mean assistant-strnog?)")
                .contains("after the rejected edit: 20 calls to 'assistant' served by {mock/pro=20}");
    }

    @Test
    void reliabilityServesEveryCallDespiteTheFlakyModel() {
        Reliability.main(new String[0]);
        assertThat(output()).contains("10/10 served");
    }

    @Test
    void evaluationJudgesOfflineAndPrintsAggregatesAndTheTable() {
        EvaluationExample.main(new String[0]);
        assertThat(output())
                .contains("correctness", "english", "is_concise", "pass ", "95% CI")
                .contains("judge local/judge (offline judging")
                .contains("What is the capital of France?")
                .contains("row 5 is not correct: ")
                .doesNotContain("error:");
    }
}
