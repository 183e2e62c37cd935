package io.mlflowlite.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
    @Test
    void listsVariablesInOrderOfFirstUseAndFormatsThem() {
        PromptTemplate t = PromptTemplate.text("Hello {{ name }}, answer in {{lang}}. Bye {{name}}!");

        assertThat(t.variables()).containsExactly("name", "lang");
        RenderedPrompt r = t.format(Map.of("name", "Ana", "lang", "French"));
        assertThat(r.text()).isEqualTo("Hello Ana, answer in French. Bye Ana!");
        assertThat(r.unused()).isEmpty();
        assertThat(r.usedAll()).isTrue();
    }

    @Test
    void singleBracesAndNonStringValuesAreKeptAsText() {
        PromptTemplate t = PromptTemplate.text("JSON like {\"a\": {{n}}} } {");

        assertThat(t.format(Map.of("n", 3)).text()).isEqualTo("JSON like {\"a\": 3} } {");
    }

    @Test
    void aMissingVariableFailsNamingEveryMissingOne() {
        PromptTemplate t = PromptTemplate.text("{{a}} {{b}} {{c}}");

        assertThatThrownBy(() -> t.format(Map.of("b", "x", "zz", "y")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Missing prompt variables a, c; the template uses a, b, c and was given b, zz");
        assertThatThrownBy(() -> t.format(null))
                .hasMessageContaining("Missing prompt variables a, b, c")
                .hasMessageContaining("was given none");
    }

    @Test
    void unusedVariablesAreReportedLenientlyAndRejectedStrictly() {
        PromptTemplate t = PromptTemplate.text("Hi {{name}}");

        assertThat(t.format(Map.of("name", "Ana", "nmae", "x", "age", 3)).unused())
                .containsExactly("age", "nmae");
        assertThatThrownBy(() -> t.formatStrict(Map.of("name", "Ana", "nmae", "x")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unused prompt variable nmae; the template uses name");
        assertThat(t.formatStrict(Map.of("name", "Ana")).text()).isEqualTo("Hi Ana");
    }

    @Test
    void anUnclosedPlaceholderIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> PromptTemplate.text("line one\nsay {{unclosed"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid template at line 2, column 5 (offset 13): '{{' is never closed with '}}'");
    }

    @Test
    void anEmptyOrMalformedPlaceholderIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> PromptTemplate.text("a {{ }} b"))
                .hasMessage("Invalid template at line 1, column 3 (offset 2): '{{ }}' names no variable");
        assertThatThrownBy(() -> PromptTemplate.text("{{first name}}"))
                .hasMessageStartingWith("Invalid template at line 1, column 1 (offset 0): '{{first name}}' is not a "
                        + "variable name");
    }

    @Test
    void chatTemplatesFormatEveryMessageAndNameTheMessageAtFault() {
        PromptTemplate chat =
                PromptTemplate.chat(PromptMessage.system("You are a {{role}}."), PromptMessage.user("{{question}}"));

        assertThat(chat.type()).isEqualTo(PromptType.CHAT);
        assertThat(chat.variables()).containsExactly("role", "question");
        assertThat(chat.format(Map.of("role", "tutor", "question", "2+2?")).messages())
                .containsExactly(PromptMessage.system("You are a tutor."), PromptMessage.user("2+2?"));
        assertThatThrownBy(() -> PromptTemplate.chat(PromptMessage.system("ok"), PromptMessage.user("{{x")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Invalid messages[1].content at line 1, column 1");
        assertThatThrownBy(() -> PromptTemplate.chat(new PromptMessage("robot", "hi")))
                .hasMessageContaining("messages[0].role 'robot' is not a template role");
        assertThatThrownBy(() -> PromptTemplate.chat(List.of())).hasMessageContaining("at least one message");
    }

    @Test
    void linesShowChatMessagesAsRoleHeaders() {
        assertThat(PromptTemplate.chat(PromptMessage.system("a\nb"), PromptMessage.user("c"))
                        .lines())
                .containsExactly("[system]", "a", "b", "[user]", "c");
    }
}
