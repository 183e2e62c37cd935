package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgePromptTest {

    @Test
    void rendersEveryPresentSectionInContractOrderAndEscapesBodies() {
        JudgePrompt prompt = JudgePrompt.builder(JudgePrompt.CORRECTNESS)
                .context("Docs say: use <b>bold</b> & stay")
                .guidelines(List.of("Answer in English", "Stay under 50 words"))
                .expectedFacts(List.of("x < 3", "AT&T is a company"))
                .expectedResponse("Use 2 > 1")
                .response("The answer is <script>")
                .request("Is 2 > 1 & 1 < 2?")
                .build();

        assertThat(prompt.render()).isEqualTo("""
                <judge>correctness</judge>
                <request>Is 2 &gt; 1 &amp; 1 &lt; 2?</request>
                <response>The answer is &lt;script&gt;</response>
                <expected_response>Use 2 &gt; 1</expected_response>
                <expected_facts>
                - x &lt; 3
                - AT&amp;T is a company
                </expected_facts>
                <guidelines>
                - Answer in English
                - Stay under 50 words
                </guidelines>
                <context>Docs say: use &lt;b&gt;bold&lt;/b&gt; &amp; stay</context>
                """);
    }

    @Test
    void parseReadsBackWhatRenderWroteIncludingMarkupAndEntitiesInBodies() {
        JudgePrompt original = JudgePrompt.builder(JudgePrompt.FAITHFULNESS)
                .request("What does </response> do? Compare a<b and a&gt;b literally.")
                .response("It closes a tag.\nSecond line with &amp; written out.")
                .expectedResponse("A closing tag")
                .expectedFacts(List.of("- starts with a dash", "uses <angle> brackets & ampersands"))
                .guidelines(List.of("mention </guidelines> safely"))
                .context("<context>nested</context> and &lt; as text")
                .build();

        JudgePrompt parsed = JudgePrompt.parse(original.render());

        assertThat(parsed).isEqualTo(original);
        assertThat(parsed.request()).contains("What does </response> do? Compare a<b and a&gt;b literally.");
        assertThat(parsed.response()).contains("It closes a tag.\nSecond line with &amp; written out.");
        assertThat(parsed.expectedFacts())
                .containsExactly("- starts with a dash", "uses <angle> brackets & ampersands");
        assertThat(parsed.guidelines()).containsExactly("mention </guidelines> safely");
        assertThat(parsed.context()).contains("<context>nested</context> and &lt; as text");
    }

    @Test
    void absentSectionsAreLeftOutAndReadBackAsEmpty() {
        JudgePrompt prompt = JudgePrompt.builder(JudgePrompt.SAFETY)
                .response("Hello there")
                .request("  ")
                .build();

        assertThat(prompt.render()).isEqualTo("<judge>safety</judge>\n<response>Hello there</response>\n");
        JudgePrompt parsed = JudgePrompt.parse(prompt.render());
        assertThat(parsed.name()).isEqualTo("safety");
        assertThat(parsed.request()).isEmpty();
        assertThat(parsed.expectedResponse()).isEmpty();
        assertThat(parsed.context()).isEmpty();
        assertThat(parsed.expectedFacts()).isEmpty();
        assertThat(parsed.guidelines()).isEmpty();
    }

    @Test
    void listItemsAreOneLineEachAndBlankItemsAreDropped() {
        JudgePrompt prompt = JudgePrompt.builder(JudgePrompt.GUIDELINES)
                .response("ok")
                .guidelines(Arrays.asList("Be polite\n  and brief", " ", null, "Use English"))
                .build();

        assertThat(prompt.guidelines()).containsExactly("Be polite and brief", "Use English");
        assertThat(prompt.render()).contains("<guidelines>\n- Be polite and brief\n- Use English\n</guidelines>\n");
    }

    @Test
    void parseIgnoresTextAroundSectionsAndTagsMentionedMidSentence() {
        String message = """
                You are a strict grader. Read the <response> below and compare it with <expected_response>.

                <judge>correctness</judge>
                <response>
                  Paris is the capital.
                </response>
                <expected_facts>
                Paris is the capital of France
                - The Seine flows through it
                </expected_facts>
                Answer with JSON only.
                """;

        JudgePrompt parsed = JudgePrompt.parse(message);

        assertThat(parsed.name()).isEqualTo("correctness");
        assertThat(parsed.response()).contains("Paris is the capital.");
        assertThat(parsed.expectedResponse()).isEmpty();
        assertThat(parsed.expectedFacts())
                .containsExactly("Paris is the capital of France", "The Seine flows through it");
    }

    @Test
    void parseRejectsMessagesThatBreakTheFormatNamingTheTag() {
        assertThatThrownBy(() -> JudgePrompt.parse("<response>hi</response>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<judge>");
        assertThatThrownBy(() -> JudgePrompt.parse("<judge>safety</judge>\n<response>hi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<response> is not closed");
        assertThatThrownBy(() ->
                        JudgePrompt.parse("<judge>safety</judge>\n<response>a</response>\n<response>b</response>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<response> appears more than once");
        assertThatThrownBy(() -> JudgePrompt.parse("<judge>Not A Name</judge>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Not A Name'");
    }

    @Test
    void builderAcceptsOnlyLowerCaseJudgeNames() {
        assertThat(JudgePrompt.builder("my_judge2").build().name()).isEqualTo("my_judge2");
        assertThatThrownBy(() -> JudgePrompt.builder("Correctness").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JudgePrompt.builder(null).build()).hasMessageContaining("missing");
        assertThat(JudgePrompt.BUILTIN_JUDGES)
                .containsExactly(
                        "correctness", "guidelines", "relevance_to_query", "faithfulness", "conciseness", "safety");
    }
}
