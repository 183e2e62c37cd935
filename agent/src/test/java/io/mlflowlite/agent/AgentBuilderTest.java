package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building an agent and versioning its prompt: what is registered, and what is refused. */
class AgentBuilderTest {

    private static Agent.Builder valid() {
        return Agent.builder().name("support").model("mock/mini").systemPrompt("Be helpful.");
    }

    @Test
    void buildingRegistersTheSystemPromptAsVersionOneOfAChatPromptNamedAfterTheAgent() {
        Agent agent = valid().build();

        PromptVersion v1 = agent.promptRegistry().current();
        assertThat(v1.uri().toString()).isEqualTo("prompts:/agent.support/1");
        assertThat(v1.template().messages())
                .containsExactly(PromptMessage.system("Be helpful."), PromptMessage.user("{{query}}"));
        assertThat(v1.commitMessage()).isEqualTo("Initial prompt of agent support, from its builder");
        assertThat(agent.promptRegistry().uri().toString()).isEqualTo("prompts:/agent.support@latest");
        assertThat(Agent.builder()
                        .name("Research Assistant!")
                        .model("m")
                        .build()
                        .promptRegistry()
                        .name())
                .isEqualTo("agent.Research_Assistant_");
        assertThat(valid().promptName("shared.support").build().promptRegistry().name())
                .isEqualTo("shared.support");
    }

    @Test
    void aVersionHoldsTheSystemMessageTheExamplesAsPairsAndTheUserTemplate() {
        Agent agent = valid().build();

        PromptVersion v2 = agent.promptRegistry()
                .addVersion(
                        "Answer in French.",
                        "Q: {{ query }}",
                        List.of(Example.of("Hi", "Salut"), Example.of("Thanks", "Merci")),
                        Map.of("description", "french"));

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.commitMessage()).isEqualTo("french");
        assertThat(v2.template().messages())
                .containsExactly(
                        PromptMessage.system("Answer in French."),
                        PromptMessage.user("Hi"),
                        PromptMessage.assistant("Salut"),
                        PromptMessage.user("Thanks"),
                        PromptMessage.assistant("Merci"),
                        PromptMessage.user("Q: {{ query }}"));
        assertThat(agent.promptRegistry()
                        .addVersion("", null, List.of(), Map.of())
                        .template()
                        .messages())
                .containsExactly(PromptMessage.user("{{query}}"));
    }

    @Test
    void promptsThatCannotCarryTheQueryAreRefused() {
        Agent agent = valid().build();

        assertThatThrownBy(() -> agent.promptRegistry().addVersion("s", "Answer this", List.of(), Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("The user template must contain {{query}}, where the user's query goes; got: Answer this");
        assertThatThrownBy(
                        () -> agent.promptRegistry().addVersion("You work for {{company}}.", null, List.of(), Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("An agent prompt can only use {{query}}; it also uses {{company}}");
        assertThatThrownBy(() -> agent.promptRegistry().addVersion("s", "{{query", List.of(), Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> valid().systemPrompt("Hello {{user}}").build())
                .isInstanceOf(InvalidRequestException.class);
        assertThat(agent.promptRegistry().versions()).hasSize(1);
    }

    @Test
    void invalidConfigurationsFailAtBuild() {
        assertThatThrownBy(() -> Agent.builder().model("m").build()).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> Agent.builder().name("a").build()).hasMessageContaining("needs a model");
        assertThatThrownBy(() ->
                        valid().tools(Calculator.tool(), Calculator.tool()).build())
                .hasMessage("Agent support has two tools named 'calculator'");
        assertThatThrownBy(() -> valid().maxSteps(0)).hasMessage("maxSteps must be between 1 and 100, was 0");
        assertThat(valid().maxSteps(3).build().maxSteps()).isEqualTo(3);
    }
}
